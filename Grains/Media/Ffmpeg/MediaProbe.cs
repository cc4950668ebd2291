using System.Globalization;
using FFMpegCore;

namespace Orleans.Netflix.Grains.Media;

/// <summary>The small ffprobe/ffmpeg facts every stage reads the same way: frames, packet times, decoder errors, numbers.</summary>
public static class MediaProbe
{
    /// <summary>The first video stream's packets (one per frame).</summary>
    public static async Task<IReadOnlyList<FFProbePacket>> VideoPacketsAsync(string path, CancellationToken cancellationToken = default) =>
        (await FFProbe.GetPacketsAsync(path, customArguments: "-select_streams v:0", cancellationToken: cancellationToken)).Packets;

    public static async Task<int> VideoFrameCountAsync(string path, CancellationToken cancellationToken = default) =>
        (await VideoPacketsAsync(path, cancellationToken)).Count;

    /// <summary>ffprobe's packet times, which FFMpegCore asks for as "0:00:01.960000" (or plain seconds); NaN when absent.</summary>
    public static double PacketSeconds(string? time) =>
        TimeSpan.TryParse(time, CultureInfo.InvariantCulture, out var span) && time!.Contains(':') ? span.TotalSeconds
        : double.TryParse(time, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds
        : double.NaN;

    /// <summary>Lines from the video decoder itself (e.g. "[h264 @ 0x…] error while decoding MB"), and ffmpeg's own decode failures.</summary>
    public static bool IsDecodeError(string line, string codec) =>
        line.Contains("Error while decoding", StringComparison.OrdinalIgnoreCase)
        || line.Contains("Invalid data found", StringComparison.OrdinalIgnoreCase)
        || (line.StartsWith($"[{codec} @", StringComparison.Ordinal) && !line.Contains("Reinit context", StringComparison.Ordinal));

    /// <summary>A number as an ffmpeg argument: invariant culture, no needless digits.</summary>
    public static string Arg(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Arg(TimeSpan value) => Arg(value.TotalSeconds);
}
