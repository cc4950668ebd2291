using System.Globalization;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// What the pipeline is compared with: ONE ffmpeg command that decodes the source once and encodes
/// the whole ladder with the chunk encoder's x264 settings (<see cref="X264Arguments"/>), encodes the same two
/// stereo AAC tracks as the packager (128k and 64k, 48 kHz), and writes each as HLS with fMP4 segments
/// of the same length: the same deliverables as the pipeline, less the master playlist and the checks.
/// </summary>
public static class PipelineBaseline
{
    public static readonly IReadOnlyList<int> AudioKbps = AudioPairing.Kbps; // as IngestJobGrain packages the source's own audio

    /// <summary>The media playlist of a rendition's output under <paramref name="folder"/>.</summary>
    public static string VideoPlaylist(string folder, Rendition rendition) => Path.Combine(folder, $"video-{rendition.Name}", "index.m3u8");

    public static IReadOnlyList<string> Arguments(string source, IReadOnlyList<Rendition> ladder, double frameRate, EncodingOptions options, string folder)
    {
        var segment = Seconds(options.Segment);
        // One input, decoded once; each output has its own scaler and encoder, exactly as a chunk encode.
        var args = new List<string> { "-loglevel", "error", "-i", source };
        foreach (var r in ladder)
        {
            args.AddRange(["-map", "0:v:0", "-an", "-sn"]);
            args.AddRange(X264Arguments.Video(r, frameRate, options).Split(' '));
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
