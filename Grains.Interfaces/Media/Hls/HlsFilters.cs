using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Netflix.Media.Hls;

/// <summary>One copy of a title's playlists as an HLS Content Steering pathway: its id and the master playlist URL its URIs resolve against.</summary>
public sealed record HlsPathway(string Id, Uri MasterUrl);

/// <summary>What serving a master playlist changes in it: renditions a viewer may not play left out, or every URI made absolute once per pathway.</summary>
public static partial class HlsFilters
{
    /// <summary>
    /// The master playlist as a capped token may see it: every EXT-X-STREAM-INF whose RESOLUTION is taller than
    /// <paramref name="maxHeight"/> is left out with its URI line, so a player never tries a rendition the edge would refuse.
    /// Every other line stays as it was.
    /// </summary>
    public static string WithoutTallerThan(string master, int maxHeight)
    {
        var lines = master.Split('\n');
        var kept = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(HlsLines.StreamInf, StringComparison.Ordinal) && HlsLines.Height(lines[i]) > maxHeight)
            {
                if (i + 1 < lines.Length && !lines[i + 1].StartsWith('#')) i++; // its URI goes too
                continue;
            }
            kept.Add(lines[i]);
        }
        return string.Join('\n', kept);
    }

    /// <summary>
    /// A master playlist as a multivariant playlist with HLS Content Steering: every variant and rendition once per
    /// pathway, with absolute URIs on that pathway, and an <c>EXT-X-CONTENT-STEERING</c> tag naming the steering server
    /// and the first pathway. A player can then move to another pathway's copy of the same variant without reloading
    /// anything it already buffered.
    /// </summary>
    /// <exception cref="FormatException">Not an HLS playlist, a variant without a URI, or no variant.</exception>
    public static string WithPathways(string master, IReadOnlyList<HlsPathway> pathways, string steeringUri)
    {
        if (pathways.Count == 0) throw new ArgumentException("at least one pathway", nameof(pathways));
        var lines = HlsLines.Of(master.Replace("\r\n", "\n"));

        var header = new List<string>();
        var media = new List<string>();
        var variants = new List<(string Attributes, string Uri)>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith(HlsLines.Media, StringComparison.Ordinal)) media.Add(line);
            else if (line.StartsWith(HlsLines.StreamInf, StringComparison.Ordinal))
            {
                var uri = i + 1 < lines.Length ? lines[i + 1] : "";
                if (uri.Length == 0 || uri.StartsWith('#')) throw new FormatException($"EXT-X-STREAM-INF without a URI: {line}");
                variants.Add((line[HlsLines.StreamInf.Length..], uri));
                i++;
            }
            else if (line.StartsWith(HlsLines.ContentSteering, StringComparison.Ordinal)) continue;
            else if (line.StartsWith('#')) header.Add(line);
        }
        if (variants.Count == 0) throw new FormatException("the master playlist lists no variant");

        var text = new StringBuilder("#EXTM3U\n");
        foreach (var line in header) text.Append(line).Append('\n');
        text.Append($"#EXT-X-CONTENT-STEERING:SERVER-URI=\"{steeringUri}\",PATHWAY-ID=\"{pathways[0].Id}\"\n\n");
        foreach (var pathway in pathways)
        {
            foreach (var line in media)
            {
                var renamed = HlsLines.ReplaceQuoted(line, "GROUP-ID", group => Group(group, pathway));
                text.Append(HlsLines.ReplaceQuoted(renamed, "URI", uri => Absolute(pathway, uri))).Append('\n');
            }
        }
        text.Append('\n');
        foreach (var pathway in pathways)
        {
            for (var v = 0; v < variants.Count; v++)
            {
                var attributes = HlsLines.ReplaceQuoted(HlsLines.ReplaceQuoted(variants[v].Attributes, "AUDIO", group => Group(group, pathway)),
                    "SUBTITLES", group => Group(group, pathway));
                text.Append(HlsLines.StreamInf).Append(attributes)
                    .Append($",PATHWAY-ID=\"{pathway.Id}\",STABLE-VARIANT-ID=\"v{v}\"\n")
                    .Append(Absolute(pathway, variants[v].Uri)).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>A pathway id for a name (an edge's id): HLS allows letters, digits, '.', '-' and '_'.</summary>
    public static string PathwayIdOf(string name) => NotPathwayCharacter().Replace(name, "_");

    private static string Group(string group, HlsPathway pathway) => $"{group}.{pathway.Id}";

    private static string Absolute(HlsPathway pathway, string uri) => new Uri(pathway.MasterUrl, uri).AbsoluteUri;

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex NotPathwayCharacter();
}
