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
    /// Capped CRF by default: constant quality, never above the rung's bitrate over a two-second
    /// buffer. Its decisions depend on the frames, not on what earlier chunks spent, so chunked and
    /// whole-file encodes come out alike; average bitrate (ABR, <c>Crf = 0</c>) restarts its rate
    /// control in every chunk and loses quality at each chunk start.
    /// </summary>
    public static string RateControl(Rendition rendition, EncodingOptions options) => options.Crf > 0
        ? $"-crf {MediaProbe.Arg(options.Crf)} -maxrate {rendition.VideoKbps}k -bufsize {rendition.VideoKbps * 2}k"
        : $"-b:v {rendition.VideoKbps}k -maxrate {rendition.VideoKbps * 11 / 10}k -bufsize {rendition.VideoKbps * 2}k";
}
