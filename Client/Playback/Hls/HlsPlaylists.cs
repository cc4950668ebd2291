using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Netflix.Client.Playback.Hls;

/// <summary>One EXT-X-STREAM-INF: a video rendition and the audio group it plays with.</summary>
public sealed record HlsVariant(string Uri, long Bandwidth, int Width, int Height, string? AudioGroup);

/// <summary>One EXT-X-MEDIA TYPE=AUDIO entry.</summary>
public sealed record HlsAudio(string GroupId, string Language, string Uri, bool IsDefault);

public sealed record HlsMaster(IReadOnlyList<HlsVariant> Variants, IReadOnlyList<HlsAudio> Audio);

public sealed record HlsSegment(string Uri, double Seconds);

public sealed record HlsMedia(string? InitUri, IReadOnlyList<HlsSegment> Segments, bool Ended);

/// <summary>
/// Reads the HLS playlists our packager writes (and any plain RFC 8216 VOD playlist): the master's
/// variants and audio renditions, a media playlist's EXT-X-MAP and segments. URIs stay as written
/// (relative), to be resolved against the playlist's own URL.
/// </summary>
public static partial class HlsPlaylists
{
    /// <exception cref="FormatException">Not an HLS playlist, or a variant without a URI.</exception>
    public static HlsMaster ParseMaster(string text)
    {
        var lines = Lines(text);
        var variants = new List<HlsVariant>();
        var audio = new List<HlsAudio>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal))
            {
                var a = Attributes(lines[i]);
                if (a.GetValueOrDefault("TYPE") == "AUDIO" && a.TryGetValue("URI", out var uri))
                    audio.Add(new HlsAudio(a.GetValueOrDefault("GROUP-ID", ""), a.GetValueOrDefault("LANGUAGE", "und"), uri, a.GetValueOrDefault("DEFAULT") == "YES"));
            }
            else if (lines[i].StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
            {
                var a = Attributes(lines[i]);
                var uri = i + 1 < lines.Length && !lines[i + 1].StartsWith('#') ? lines[++i] : throw new FormatException("EXT-X-STREAM-INF without a URI line");
                var resolution = a.GetValueOrDefault("RESOLUTION", "0x0").Split('x');
                variants.Add(new HlsVariant(uri, long.Parse(a.GetValueOrDefault("BANDWIDTH", "0"), CultureInfo.InvariantCulture),
                    int.Parse(resolution[0], CultureInfo.InvariantCulture), int.Parse(resolution[^1], CultureInfo.InvariantCulture), a.GetValueOrDefault("AUDIO")));
            }
        }
        if (variants.Count == 0) throw new FormatException("the master playlist lists no variant");
        return new HlsMaster(variants, audio);
    }

    public static HlsMedia ParseMedia(string text)
    {
        var lines = Lines(text);
        string? init = null;
        var segments = new List<HlsSegment>();
        double? duration = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal)) init = Attributes(line).GetValueOrDefault("URI");
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
                duration = double.Parse(line["#EXTINF:".Length..].Split(',')[0], CultureInfo.InvariantCulture);
            else if (!line.StartsWith('#'))
            {
                segments.Add(new HlsSegment(line, duration ?? throw new FormatException($"segment '{line}' has no EXTINF")));
                duration = null;
            }
        }
        return new HlsMedia(init, segments, lines.Contains("#EXT-X-ENDLIST"));
    }

    private static string[] Lines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.Length > 0 && lines[0] == "#EXTM3U" ? lines : throw new FormatException("not an HLS playlist (no #EXTM3U)");
    }

    private static Dictionary<string, string> Attributes(string line) =>
        AttributePattern().Matches(line[(line.IndexOf(':') + 1)..])
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value, StringComparer.Ordinal);

    [GeneratedRegex("([A-Z0-9-]+)=(?:\"([^\"]*)\"|([^,]*))")]
    private static partial Regex AttributePattern();
}
