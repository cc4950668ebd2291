using System.Diagnostics;
using System.Globalization;
using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// A source whose picture changes in a known way, and pixel comparisons for thumbnails: the background is a solid colour
/// that changes every <see cref="ColourSeconds"/> (so the first frame of every 4 s interval starts a new colour, the frame
/// before it shows another and the middle of the interval another again: a tile picked by ffmpeg's rounding shows the
/// wrong one), with testsrc2's running timer in a corner, so the picture never freezes.
/// </summary>
public static class TrickPlaySources
{
    public const double ColourSeconds = 2;
    public const int FrameRate = 24;
    private static readonly string[] Colours = ["red", "lime", "blue", "yellow", "magenta", "cyan", "white", "orange", "purple", "gray"];

    /// <summary>Writes a 640x360 24 fps H.264 + AAC MP4 of <paramref name="colours"/> x 2 s (x264's own keyframes: the first frame only).</summary>
    public static Task WriteAsync(string path, int colours)
    {
        var seconds = (colours * ColourSeconds).ToString(CultureInfo.InvariantCulture);
        var parts = Enumerable.Range(0, colours).Select(i => $"color=c={Colours[i % Colours.Length]}:s=640x360:r={FrameRate}:d={ColourSeconds.ToString(CultureInfo.InvariantCulture)}[c{i}]");
        var graph = string.Join(';', parts) + ";" + string.Concat(Enumerable.Range(0, colours).Select(i => $"[c{i}]")) + $"concat=n={colours}:v=1:a=0[bg];"
                    + $"testsrc2=s=160x90:r={FrameRate}:d={seconds}[timer];[bg][timer]overlay=24:24[out0]";
        return FfmpegTool.RunAsync("-f", "lavfi", "-i", graph, "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path);
    }

    /// <summary>
    /// <paramref name="source"/> encoded as the pipeline's renditions are: MPEG-TS from a 1 s offset, a keyframe forced on the
    /// first frame of every <paramref name="keyframeSeconds"/>, none on scene cuts (or, with <paramref name="aligned"/> false,
    /// a keyframe every 37 frames, off the segment starts).
    /// </summary>
    public static Task WriteRenditionAsync(string source, string path, double keyframeSeconds, bool aligned = true)
    {
        var every = keyframeSeconds.ToString(CultureInfo.InvariantCulture);
        string[] keyframes = aligned
            ? ["-g", $"{(int)(keyframeSeconds * FrameRate)}", "-keyint_min", $"{(int)(keyframeSeconds * FrameRate)}", "-sc_threshold", "0", "-force_key_frames", $"expr:gte(t,n_forced*{every})"]
            : ["-g", "37", "-keyint_min", "37", "-sc_threshold", "0"];
        return FfmpegTool.RunAsync(["-i", source, "-an", "-vf", "scale=426:240", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", .. keyframes,
            "-output_ts_offset", "1", "-f", "mpegts", path]);
    }

    /// <summary>The source's frame at or after <paramref name="seconds"/> (an accurate seek), scaled to <paramref name="width"/> x <paramref name="height"/>, as RGB.</summary>
    public static Task<byte[]> FrameAsync(string source, double seconds, int width, int height) =>
        RawAsync("-ss", seconds.ToString("0.######", CultureInfo.InvariantCulture), "-i", source, "-frames:v", "1",
            "-vf", $"scale={width}:{height}:flags=area,setsar=1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");

    /// <summary>The tile a cue names, cropped from its sheet (in <paramref name="folder"/>), as RGB.</summary>
    public static Task<byte[]> TileAsync(string folder, TrickPlayCue cue) =>
        RawAsync("-i", Path.Combine(folder, cue.Sheet), "-vf", $"crop={cue.Width}:{cue.Height}:{cue.X}:{cue.Y}", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");

    /// <summary>The image's width and height.</summary>
    public static async Task<(int Width, int Height)> SizeAsync(string image)
    {
        var probe = await FFMpegCore.FFProbe.AnalyseAsync(image);
        return ((int)probe.PrimaryVideoStream!.Width!, (int)probe.PrimaryVideoStream.Height!);
    }

    /// <summary>Mean absolute difference per channel value (0 to 255) of two pictures of the same size.</summary>
    public static double MeanAbsoluteDifference(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        Assert.NotEmpty(a);
        long sum = 0;
        for (var i = 0; i < a.Length; i++) sum += Math.Abs(a[i] - b[i]);
        return (double)sum / a.Length;
    }

    private static async Task<byte[]> RawAsync(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-hide_banner", "-nostdin", "-loglevel", "error" }.Concat(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var bytes = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(bytes);
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffmpeg {string.Join(' ', args)}: {await stderr}");
        return bytes.ToArray();
    }
}
