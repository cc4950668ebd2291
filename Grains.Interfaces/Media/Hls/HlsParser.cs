using System.Globalization;

namespace Orleans.Netflix.Media.Hls;

/// <summary>
/// Reads the HLS playlists the packager writes (and any plain RFC 8216 VOD playlist): the master's variants and
/// audio renditions, a media playlist's EXT-X-MAP, target duration and segments. URIs stay as written (relative),
/// to be resolved against the playlist's own URL.
/// </summary>
public static class HlsParser
{
    /// <exception cref="FormatException">Not an HLS playlist, or a variant without a URI, or no variant at all.</exception>
    public static HlsMaster ParseMaster(string text)
    {
        var lines = HlsLines.Of(text);
        var variants = new List<HlsVariant>();
        var audio = new List<HlsAudio>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(HlsLines.Media, StringComparison.Ordinal))
            {
                var a = HlsLines.Attributes(lines[i]);
                if (a.GetValueOrDefault("TYPE") == "AUDIO" && a.TryGetValue("URI", out var uri))
                    audio.Add(new HlsAudio(a.GetValueOrDefault("GROUP-ID", ""), a.GetValueOrDefault("LANGUAGE", "und"), uri, a.GetValueOrDefault("DEFAULT") == "YES"));
            }
            else if (lines[i].StartsWith(HlsLines.StreamInf, StringComparison.Ordinal))
            {
                var a = HlsLines.Attributes(lines[i]);
                var uri = i + 1 < lines.Length && !lines[i + 1].StartsWith('#') ? lines[++i] : throw new FormatException("EXT-X-STREAM-INF without a URI line");
                var resolution = a.GetValueOrDefault("RESOLUTION", "0x0").Split('x');
                variants.Add(new HlsVariant(uri, long.Parse(a.GetValueOrDefault("BANDWIDTH", "0"), CultureInfo.InvariantCulture),
                    int.Parse(resolution[0], CultureInfo.InvariantCulture), int.Parse(resolution[^1], CultureInfo.InvariantCulture), a.GetValueOrDefault("AUDIO")));
            }
        }
        if (variants.Count == 0) throw new FormatException("the master playlist lists no variant");
        return new HlsMaster(variants, audio);
    }

    /// <exception cref="FormatException">Not an HLS playlist, or a segment without its EXTINF.</exception>
    public static HlsMedia ParseMedia(string text)
    {
        var lines = HlsLines.Of(text);
        string? init = null;
        var target = 0;
        var segments = new List<HlsSegment>();
        double? duration = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal)) init = HlsLines.Attributes(line).GetValueOrDefault("URI");
            else if (line.StartsWith("#EXT-X-TARGETDURATION:", StringComparison.Ordinal))
                target = int.Parse(line["#EXT-X-TARGETDURATION:".Length..], CultureInfo.InvariantCulture);
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
                duration = double.Parse(line["#EXTINF:".Length..].Split(',')[0], CultureInfo.InvariantCulture);
            else if (!line.StartsWith('#'))
            {
                segments.Add(new HlsSegment(line, duration ?? throw new FormatException($"segment '{line}' has no EXTINF")));
                duration = null;
            }
        }
        return new HlsMedia(init, segments, lines.Contains("#EXT-X-ENDLIST"), target);
    }
}
