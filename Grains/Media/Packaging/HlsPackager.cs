using FFMpegCore;
using FFMpegCore.Enums;
using Orleans.Netflix.Media;
using Orleans.Netflix.Media.Hls;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Turns an assembled rendition, audio and subtitles into HLS with fMP4 (CMAF) segments: ffmpeg's hls
/// muxer with stream copy for video (the encode already put a keyframe at every segment start), AAC
/// for audio on the same timeline offset, WebVTT for subtitles.
/// </summary>
public sealed class HlsPackager
{
    /// <summary>
    /// Segments an assembled rendition, then reads the result once more as a player will, through its
    /// playlist: it must hold the rendition's picture size and, when given, last <paramref name="expectedDuration"/>
    /// (within two frames); the same probe gives the codec string.
    /// </summary>
    public async Task<VideoTrack> PackageVideoAsync(string assembled, Rendition rendition, double frameRate, string folder, EncodingOptions options,
        CancellationToken cancellationToken, TimeSpan? expectedDuration = null)
    {
        await SegmentAsync(assembled, "-map 0:v:0 -c copy", folder, options, cancellationToken);
        var playlist = Path.Combine(folder, "index.m3u8");
        var (peak, average) = Bitrates(playlist);
        var probe = await FFProbe.AnalyseAsync(playlist, cancellationToken: cancellationToken);
        var video = probe.PrimaryVideoStream ?? throw new InvalidDataException($"packaged {rendition.Name} has no video");
        if (video.Width != rendition.Width || video.Height != rendition.Height)
            throw new InvalidDataException($"packaged {rendition.Name} is {video.Width}x{video.Height}, expected {rendition.Width}x{rendition.Height}");
        if (expectedDuration is { } expected && Math.Abs((probe.Duration - expected).TotalSeconds) > 2 / frameRate + 0.1)
            throw new InvalidDataException($"packaged {rendition.Name} lasts {probe.Duration.TotalSeconds:0.00} s, the source {expected.TotalSeconds:0.00} s");
        return new VideoTrack(rendition, $"{Path.GetFileName(folder)}/index.m3u8", peak, average, AvcCodecString(video.Profile, video.Level), frameRate);
    }

    /// <summary>Encodes one audio stream (stereo AAC) of <paramref name="input"/> and segments it like the video.</summary>
    public async Task<AudioTrack> PackageAudioAsync(string input, string language, int kbps, bool isDefault, string folder, EncodingOptions options, CancellationToken cancellationToken)
    {
        var offset = MediaProbe.Arg(options.TimelineOffset);
        await SegmentAsync(input, $"-map 0:a:0 -c:a aac -b:a {kbps}k -ac 2 -ar 48000 -output_ts_offset {offset}", folder, options, cancellationToken);
        return new AudioTrack(language, kbps, $"{Path.GetFileName(folder)}/index.m3u8", "mp4a.40.2", isDefault);
    }

    /// <summary>
    /// Converts SRT or WebVTT to one WebVTT file and writes a one-segment playlist for it, with the
    /// timestamp map that puts its cues on the video's timeline.
    /// </summary>
    public async Task<SubtitleTrack> PackageSubtitlesAsync(string input, string language, bool isDefault, TimeSpan duration, string folder, EncodingOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var vtt = Path.Combine(folder, "subtitles.vtt");
        var result = await FFMpegArguments.FromFileInput(input)
            .OutputToFile(vtt, overwrite: true, o => o.WithCustomArgument("-map 0:s:0 -c:s webvtt -f webvtt"))
            .WithLogLevel(FFMpegLogLevel.Error)
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false);
        if (!result.Success) throw FfmpegFailure.Of($"subtitles {Path.GetFileName(input)} ({language}) are not SRT or WebVTT", result.StandardError);

        var mpegTs = (long)Math.Round(options.TimelineOffset.TotalSeconds * 90000);
        var cues = await File.ReadAllTextAsync(vtt, cancellationToken);
        await File.WriteAllTextAsync(vtt, cues.Replace("WEBVTT", $"WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:{mpegTs},LOCAL:00:00:00.000", StringComparison.Ordinal), cancellationToken);
        var playlist = HlsWriter.WriteSingleSegment("subtitles.vtt", duration.TotalSeconds);
        await File.WriteAllTextAsync(Path.Combine(folder, "index.m3u8"), playlist, cancellationToken);
        return new SubtitleTrack(language, $"{Path.GetFileName(folder)}/index.m3u8", isDefault);
    }

    private static async Task SegmentAsync(string input, string streamArguments, string folder, EncodingOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var segment = MediaProbe.Arg(options.Segment);
        var result = await FFMpegArguments.FromFileInput(input)
            .OutputToFile(Path.Combine(folder, "index.m3u8"), overwrite: true, o => o.WithCustomArgument(string.Join(' ',
                streamArguments,
                $"-f hls -hls_time {segment} -hls_playlist_type vod -hls_segment_type fmp4",
                "-hls_fmp4_init_filename init.mp4",
                $"-hls_segment_filename \"{Path.Combine(folder, "seg-%05d.m4s")}\"")))
            .WithLogLevel(FFMpegLogLevel.Error)
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false);
        if (!result.Success) throw FfmpegFailure.Of($"packaging {Path.GetFileName(input)}", result.StandardError);
    }

    /// <summary>Peak and average bits per second over the segments a media playlist lists.</summary>
    public static (long Peak, long Average) Bitrates(string playlistPath)
    {
        var folder = Path.GetDirectoryName(playlistPath)!;
        var segments = HlsParser.ParseMedia(File.ReadAllText(playlistPath))
            .Segments.Select(s => (Duration: s.Seconds, Bytes: new FileInfo(Path.Combine(folder, s.Uri)).Length)).ToArray();
        if (segments.Length == 0) throw new InvalidOperationException($"{playlistPath} lists no segments");
        var peak = segments.Max(s => s.Bytes * 8 / Math.Max(s.Duration, 0.001));
        var average = segments.Sum(s => s.Bytes) * 8 / Math.Max(segments.Sum(s => s.Duration), 0.001);
        return ((long)Math.Ceiling(peak), (long)Math.Ceiling(average));
    }

    /// <summary>RFC 6381 codec string for H.264, e.g. "avc1.64001f" for High at level 3.1.</summary>
    public static string AvcCodecString(string? profile, int level)
    {
        var profileIdc = profile?.ToLowerInvariant() switch
        {
            "baseline" or "constrained baseline" => "4200",
            "main" => "4d00",
            "high" => "6400",
            _ => "6400",
        };
        return $"avc1.{profileIdc}{level:x2}";
    }
}
