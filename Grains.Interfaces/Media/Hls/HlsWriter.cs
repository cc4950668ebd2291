using System.Globalization;
using System.Text;

namespace Orleans.Netflix.Media.Hls;

/// <summary>Writes the playlists the packager does not get from ffmpeg: the master playlist and a subtitle track's one-segment playlist.</summary>
public static class HlsWriter
{
    public const string SubtitleGroup = "subs";

    /// <summary>
    /// The HLS master playlist: an EXT-X-MEDIA entry per audio language and bitrate (grouped by bitrate) and per subtitle
    /// language, then one EXT-X-STREAM-INF per video rendition and audio group, tallest and richest first, each rendition
    /// with the audio bitrate <see cref="AudioPairing"/> gives it.
    /// </summary>
    public static string WriteMaster(IReadOnlyList<VideoTrack> video, IReadOnlyList<AudioTrack> audio, IReadOnlyList<SubtitleTrack> subtitles)
    {
        if (video.Count == 0) throw new ArgumentException("a master playlist needs at least one video rendition", nameof(video));
        var text = new StringBuilder();
        text.Append("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n\n");

        foreach (var track in audio.OrderByDescending(a => a.Kbps).ThenByDescending(a => a.IsDefault).ThenBy(a => a.Language, StringComparer.Ordinal))
        {
            text.Append(Invariant($"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"{track.GroupId}\",NAME=\"{LanguageName(track.Language)}\",LANGUAGE=\"{track.Language}\","))
                .Append(track.IsDefault ? "DEFAULT=YES,AUTOSELECT=YES" : "DEFAULT=NO,AUTOSELECT=YES")
                .Append(Invariant($",CHANNELS=\"2\",URI=\"{track.Playlist}\"\n"));
        }
        foreach (var track in subtitles.OrderByDescending(s => s.IsDefault).ThenBy(s => s.Language, StringComparer.Ordinal))
        {
            text.Append(Invariant($"#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"{SubtitleGroup}\",NAME=\"{LanguageName(track.Language)}\",LANGUAGE=\"{track.Language}\","))
                .Append(track.IsDefault ? "DEFAULT=YES,AUTOSELECT=YES" : "DEFAULT=NO,AUTOSELECT=YES")
                .Append(Invariant($",FORCED=NO,URI=\"{track.Playlist}\"\n"));
        }
        text.Append('\n');

        var groups = audio.GroupBy(a => a.Kbps).OrderByDescending(g => g.Key).Select(g => g.First()).ToArray();
        foreach (var v in video.OrderByDescending(v => v.Rendition.Height))
        {
            var group = groups.Length == 0 ? null : groups.First(g => g.Kbps == AudioPairing.KbpsFor(v.Rendition.Height, [.. groups.Select(a => a.Kbps)]));
            var audioBits = group is null ? 0 : group.Kbps * 1000L;
            var codecs = group is null ? v.Codecs : $"{v.Codecs},{group.Codecs}";
            text.Append(Invariant($"#EXT-X-STREAM-INF:BANDWIDTH={v.PeakBitsPerSecond + audioBits},AVERAGE-BANDWIDTH={v.AverageBitsPerSecond + audioBits},"))
                .Append(Invariant($"RESOLUTION={v.Rendition.Width}x{v.Rendition.Height},CODECS=\"{codecs}\",FRAME-RATE={v.FrameRate:0.000}"));
            if (group is not null) text.Append(Invariant($",AUDIO=\"{group.GroupId}\""));
            if (subtitles.Count > 0) text.Append(Invariant($",SUBTITLES=\"{SubtitleGroup}\""));
            text.Append('\n').Append(v.Playlist).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A VOD media playlist of one segment lasting <paramref name="seconds"/> (at least one): how a WebVTT file is listed.</summary>
    public static string WriteSingleSegment(string segmentUri, double seconds)
    {
        seconds = Math.Max(1, seconds);
        return new StringBuilder()
            .Append("#EXTM3U\n#EXT-X-VERSION:7\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{(int)Math.Ceiling(seconds)}\n")
            .Append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n")
            .Append(CultureInfo.InvariantCulture, $"#EXTINF:{seconds:0.000},\n{segmentUri}\n#EXT-X-ENDLIST\n")
            .ToString();
    }

    private static string LanguageName(string tag)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(tag);
            return culture.EnglishName == tag ? tag : culture.EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return tag;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
