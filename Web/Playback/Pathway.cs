using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Netflix.Web.Playback;

/// <summary>One steered edge as a pathway: its HLS pathway id and the signed master playlist URL its URIs resolve against.</summary>
public sealed record Pathway(string EdgeId, string PathwayId, Uri MasterUrl);

/// <summary>
/// Turns one edge's master playlist into a multivariant playlist with HLS Content Steering: every variant and
/// rendition once per steered edge (a pathway), with absolute, signed URIs on that edge, and an
/// <c>EXT-X-CONTENT-STEERING</c> tag naming the steering server and the first pathway. A player can then move to
/// another edge's copy of the same variant without reloading anything it already buffered.
/// </summary>
public static partial class PathwayPlaylist
{
    public static string Write(string master, IReadOnlyList<Pathway> pathways, string steeringUri)
    {
        if (pathways.Count == 0) throw new ArgumentException("at least one pathway", nameof(pathways));
        var lines = master.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "#EXTM3U") throw new FormatException("not an HLS playlist (no #EXTM3U)");

        var header = new List<string>();
        var media = new List<string>();
        var variants = new List<(string Attributes, string Uri)>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal)) media.Add(line);
            else if (line.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
            {
                var uri = i + 1 < lines.Length ? lines[i + 1].Trim() : "";
                if (uri.Length == 0 || uri.StartsWith('#')) throw new FormatException($"EXT-X-STREAM-INF without a URI: {line}");
                variants.Add((line["#EXT-X-STREAM-INF:".Length..], uri));
                i++;
            }
            else if (line.StartsWith("#EXT-X-CONTENT-STEERING", StringComparison.Ordinal)) continue;
            else if (line.StartsWith('#')) header.Add(line);
        }
        if (variants.Count == 0) throw new FormatException("the master playlist lists no variant");

        var text = new StringBuilder("#EXTM3U\n");
        foreach (var line in header) text.Append(line).Append('\n');
        text.Append($"#EXT-X-CONTENT-STEERING:SERVER-URI=\"{steeringUri}\",PATHWAY-ID=\"{pathways[0].PathwayId}\"\n\n");
        foreach (var pathway in pathways)
        {
            foreach (var line in media)
            {
                var renamed = GroupId().Replace(line, m => $"GROUP-ID=\"{Group(m.Groups[1].Value, pathway)}\"");
                text.Append(UriAttribute().Replace(renamed, m => $"URI=\"{Absolute(pathway, m.Groups[1].Value)}\"")).Append('\n');
            }
        }
        text.Append('\n');
        foreach (var pathway in pathways)
        {
            for (var v = 0; v < variants.Count; v++)
            {
                var attributes = GroupReference().Replace(variants[v].Attributes, m => $"{m.Groups[1].Value}=\"{Group(m.Groups[2].Value, pathway)}\"");
                text.Append("#EXT-X-STREAM-INF:").Append(attributes)
                    .Append($",PATHWAY-ID=\"{pathway.PathwayId}\",STABLE-VARIANT-ID=\"v{v}\"\n")
                    .Append(Absolute(pathway, variants[v].Uri)).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>A pathway id for an edge: HLS allows letters, digits, '.', '-' and '_'.</summary>
    public static string PathwayIdOf(string edgeId) => NotPathwayCharacter().Replace(edgeId, "_");

    private static string Group(string group, Pathway pathway) => $"{group}.{pathway.PathwayId}";

    private static string Absolute(Pathway pathway, string uri) => new Uri(pathway.MasterUrl, uri).AbsoluteUri;

    [GeneratedRegex("GROUP-ID=\"([^\"]*)\"")]
    private static partial Regex GroupId();

    [GeneratedRegex("URI=\"([^\"]*)\"")]
    private static partial Regex UriAttribute();

    [GeneratedRegex("\\b(AUDIO|SUBTITLES)=\"([^\"]*)\"")]
    private static partial Regex GroupReference();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex NotPathwayCharacter();
}
