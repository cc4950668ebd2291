using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Netflix.EdgeServer.Serving;

/// <summary>
/// A master playlist as a capped token may see it: every EXT-X-STREAM-INF whose RESOLUTION is taller than
/// the cap is left out with its URI line, so a player never tries a rendition the edge would refuse.
/// </summary>
public static partial class MasterPlaylistFilter
{
    public static string WithoutTallerThan(string playlist, int maxHeight)
    {
        var lines = playlist.Split('\n');
        var kept = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var match = lines[i].StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal) ? Resolution().Match(lines[i]) : Match.Empty;
            if (match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) > maxHeight)
            {
                if (i + 1 < lines.Length && !lines[i + 1].StartsWith('#')) i++; // its URI goes too
                continue;
            }
            kept.Add(lines[i]);
        }
        return string.Join('\n', kept);
    }

    [GeneratedRegex(@"RESOLUTION=\d+x(\d+)")]
    private static partial Regex Resolution();
}
