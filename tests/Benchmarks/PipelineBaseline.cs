using System.Globalization;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// What the pipeline is compared with: ONE ffmpeg command that decodes the source once, splits it into
/// the whole ladder with the chunk encoder's x264 settings (same scaler, fps filter, preset, bitrate,
/// maxrate, bufsize, fixed GOP of one segment, forced keyframes at segment starts), encodes the same two
/// stereo AAC tracks as the packager (128k and 64k, 48 kHz), and writes each as HLS with fMP4 segments
/// of the same length: the same deliverables as the pipeline, less the master playlist and the checks.
/// </summary>
public static class PipelineBaseline
{
    public static readonly int[] AudioKbps = [128, 64]; // as IngestJobGrain packages the source's own audio

    /// <summary>The media playlist of a rendition's output under <paramref name="folder"/>.</summary>
    public static string VideoPlaylist(string folder, Rendition rendition) => Path.Combine(folder, $"video-{rendition.Name}", "index.m3u8");

    public static IReadOnlyList<string> Arguments(string source, IReadOnlyList<Rendition> ladder, double frameRate, EncodingOptions options, string folder)
    {
        var fps = frameRate.ToString("0.###", CultureInfo.InvariantCulture);
        var segment = Seconds(options.Segment);
        var gop = Math.Max(1, (int)Math.Round(frameRate * options.Segment.TotalSeconds));
        var split = $"[0:v]split={ladder.Count}{string.Concat(ladder.Select((_, i) => $"[s{i}]"))}";
        var scales = ladder.Select((r, i) => $"[s{i}]scale={r.Width}:{r.Height}:flags=bicubic,fps={fps}[v{i}]");

        var args = new List<string> { "-loglevel", "error", "-i", source, "-filter_complex", string.Join(';', new[] { split }.Concat(scales)) };
        for (var i = 0; i < ladder.Count; i++)
        {
            var r = ladder[i];
            args.AddRange(["-map", $"[v{i}]", "-an", "-sn",
                "-c:v", "libx264", "-preset", options.Preset, "-pix_fmt", "yuv420p",
                "-b:v", $"{r.VideoKbps}k", "-maxrate", $"{r.VideoKbps * 11 / 10}k", "-bufsize", $"{r.VideoKbps * 2}k",
                "-g", $"{gop}", "-keyint_min", $"{gop}", "-sc_threshold", "0",
                "-force_key_frames", $"expr:gte(t,n_forced*{segment})"]);
            args.AddRange(Hls(Path.GetDirectoryName(VideoPlaylist(folder, r))!, segment));
        }
        foreach (var kbps in AudioKbps)
        {
            args.AddRange(["-map", "0:a:0", "-vn", "-sn", "-c:a", "aac", "-b:a", $"{kbps}k", "-ac", "2", "-ar", "48000"]);
            args.AddRange(Hls(Path.Combine(folder, $"audio-{kbps}k"), segment));
        }
        return args;
    }

    /// <summary>Runs the command, creating the output folders first.</summary>
    public static async Task RunAsync(IReadOnlyList<string> arguments, string folder, IReadOnlyList<Rendition> ladder, CancellationToken cancellationToken)
    {
        foreach (var r in ladder) Directory.CreateDirectory(Path.GetDirectoryName(VideoPlaylist(folder, r))!);
        foreach (var kbps in AudioKbps) Directory.CreateDirectory(Path.Combine(folder, $"audio-{kbps}k"));
        await FfmpegCli.RunAsync(arguments, cancellationToken);
        foreach (var r in ladder)
        {
            if (!File.Exists(VideoPlaylist(folder, r))) throw new InvalidOperationException($"the baseline wrote no {r.Name} playlist");
        }
    }

    // The packager's HLS settings (HlsPackager.SegmentAsync).
    private static string[] Hls(string folder, string segment) =>
    [
        "-f", "hls", "-hls_time", segment, "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
        "-hls_fmp4_init_filename", "init.mp4", "-hls_segment_filename", Path.Combine(folder, "seg-%05d.m4s"),
        Path.Combine(folder, "index.m3u8"),
    ];

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture);
}
