using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// The x264 settings of one rendition, shared by the chunk encoder and the benchmark's whole-file
/// baseline so both encode the same way: scaler, frame rate, preset, rate control, a fixed GOP of one
/// segment with keyframes forced on segment starts and no scene-cut keyframes.
/// </summary>
public static class X264Arguments
{
    public static string Video(Rendition rendition, double frameRate, EncodingOptions options)
    {
        var gop = Math.Max(1, (int)Math.Round(frameRate * options.Segment.TotalSeconds));
        return string.Join(' ',
            $"-vf scale={rendition.Width}:{rendition.Height}:flags=bicubic,fps={MediaProbe.Arg(frameRate)}",
            $"-c:v libx264 -preset {options.Preset} -pix_fmt yuv420p",
            RateControl(rendition, options),
            $"-g {gop} -keyint_min {gop} -sc_threshold 0",
            $"-force_key_frames expr:gte(t,n_forced*{MediaProbe.Arg(options.Segment)})");
    }

    /// <summary>
    /// Capped CRF by default: constant quality, held under the rung's nominal bitrate in every segment. Its
    /// decisions depend on the frames, not on what earlier chunks spent, so chunked and whole-file encodes come
    /// out alike; average bitrate (ABR, <c>Crf = 0</c>) restarts its rate control in every chunk and loses
    /// quality at each chunk start.
    /// </summary>
    /// <remarks>
    /// x264's VBV lets a stretch of t seconds spend at most its buffer plus t x maxrate. A segment therefore stays
    /// under the cap when maxrate is <see cref="MaxRateShare"/> of it and the buffer holds the rest of one
    /// segment's bits at the cap: (1 − share) x cap x segment length. The old cap-sized maxrate with a two-second
    /// buffer let a busy segment carry up to 1.45 times its cap (measured 1.16 on noise and motion), so players
    /// choosing by the nominal bitrate stalled on links the nominal bitrate fitted.
    /// </remarks>
    public static string RateControl(Rendition rendition, EncodingOptions options)
    {
        var (maxKbps, bufferKbits) = Vbv(rendition, options);
        return options.Crf > 0
            ? $"-crf {MediaProbe.Arg(options.Crf)} -maxrate {maxKbps}k -bufsize {bufferKbits}k"
            : $"-b:v {maxKbps}k -maxrate {maxKbps}k -bufsize {bufferKbits}k";
    }

    /// <summary>The share of a rung's nominal bitrate that x264's VBV refills at; the buffer takes the rest of a segment.</summary>
    public const double MaxRateShare = 0.85;

    /// <summary>VBV maxrate (kbit/s) and buffer (kbit) that keep every segment of <paramref name="rendition"/> under its nominal bitrate.</summary>
    public static (int MaxKbps, int BufferKbits) Vbv(Rendition rendition, EncodingOptions options)
    {
        var maxKbps = (int)Math.Floor(rendition.VideoKbps * MaxRateShare);
        var bufferKbits = (int)Math.Floor((rendition.VideoKbps - maxKbps) * options.Segment.TotalSeconds);
        return (maxKbps, Math.Max(1, bufferKbits));
    }
}
