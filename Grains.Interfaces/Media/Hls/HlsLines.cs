using System.Text.RegularExpressions;

namespace Orleans.Netflix.Media.Hls;

/// <summary>The line and attribute-list syntax every HLS playlist shares (RFC 8216 §4.1, §4.2).</summary>
internal static partial class HlsLines
{
    public const string Header = "#EXTM3U";
    public const string StreamInf = "#EXT-X-STREAM-INF:";
    public const string Media = "#EXT-X-MEDIA:";
    public const string ContentSteering = "#EXT-X-CONTENT-STEERING";

    /// <summary>The playlist's non-empty lines, trimmed.</summary>
    /// <exception cref="FormatException">The text does not start with #EXTM3U.</exception>
    public static string[] Of(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.Length > 0 && lines[0] == Header ? lines : throw new FormatException("not an HLS playlist (no #EXTM3U)");
    }

    /// <summary>A tag's attribute list (what follows its first ':'), quotes taken off the quoted values.</summary>
    public static Dictionary<string, string> Attributes(string line) =>
        AttributePattern().Matches(line[(line.IndexOf(':') + 1)..])
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value, StringComparer.Ordinal);

    /// <summary>The height of an EXT-X-STREAM-INF's RESOLUTION, or null when it has none.</summary>
    public static int? Height(string streamInf) =>
        Attributes(streamInf).TryGetValue("RESOLUTION", out var resolution) && resolution.Split('x') is [_, var height]
            && int.TryParse(height, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : null;

    /// <summary>Rewrites the value of every quoted attribute named <paramref name="name"/>.</summary>
    public static string ReplaceQuoted(string line, string name, Func<string, string> value) =>
        QuotedPattern().Replace(line, m => m.Groups[1].Value == name ? $"{name}=\"{value(m.Groups[2].Value)}\"" : m.Value);

    [GeneratedRegex("([A-Z0-9-]+)=(?:\"([^\"]*)\"|([^,]*))")]
    private static partial Regex AttributePattern();

    [GeneratedRegex("\\b([A-Z0-9-]+)=\"([^\"]*)\"")]
    private static partial Regex QuotedPattern();
}
