using System.Globalization;
using System.Text;

namespace Orleans.Netflix.EdgeServer.DataPlane;

/// <summary>One request nginx answered itself: its status, the object served (empty when refused), the body bytes sent and the token's session.</summary>
public sealed record ServedLine(int Status, string Sha256, long BytesSent, string SessionId)
{
    /// <summary>A line of <c>log_format edge_served '$status|$edge_sha|$body_bytes_sent|$edge_session'</c>, or null.</summary>
    public static ServedLine? Parse(string line)
    {
        var parts = line.Split('|');
        if (parts.Length != 4 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)) return null;
        return new ServedLine(status, parts[1] == "-" ? "" : parts[1], bytes, parts[3] == "-" ? "" : parts[3]);
    }
}

/// <summary>
/// Follows nginx's access log of the requests it answered itself (buffered by nginx, flushed every second), so hits
/// reach EdgeServer's counters and eviction policy without any call on the hit path. Once the log has grown past
/// <see cref="TruncateAbove"/> and was read to its end, it is cut back to empty: nginx appends (O_APPEND), so its
/// next write lands at the new end; a line written between the read and the cut is lost, which costs one hit's count.
/// </summary>
public sealed class ServedLog(string path)
{
    public const long TruncateAbove = 16L << 20;

    private long _position;
    private readonly StringBuilder _partial = new();

    /// <summary>The complete lines appended since the last call.</summary>
    public List<ServedLine> ReadNew()
    {
        var lines = new List<ServedLine>();
        if (!File.Exists(path)) return lines;
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length < _position) _position = 0; // cut by someone else
        file.Position = _position;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            _partial.Append(Encoding.UTF8.GetString(buffer, 0, read));
            _position += read;
        }
        var text = _partial.ToString();
        var end = text.LastIndexOf('\n');
        if (end >= 0)
        {
            foreach (var line in text[..end].Split('\n'))
            {
                if (ServedLine.Parse(line.TrimEnd('\r')) is { } parsed) lines.Add(parsed);
            }
            _partial.Clear().Append(text[(end + 1)..]);
        }
        if (_position > TruncateAbove && _partial.Length == 0)
        {
            file.SetLength(0);
            _position = 0;
        }
        return lines;
    }
}
