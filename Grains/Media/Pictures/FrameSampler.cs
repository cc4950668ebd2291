using System.Diagnostics;
using System.Globalization;
using FFMpegCore;

namespace Orleans.Netflix.Grains.Media.Pictures;

/// <summary>
/// Decodes the source once and measures a small frame every <c>step</c> seconds across the whole title, and the frame a
/// fifth of a second after each (for motion): ffmpeg scales both streams to the analysis width and writes them raw, and
/// only their measures are kept, so a long title costs one decode and a little memory.
/// </summary>
public static class FrameSampler
{
    public const int AnalysisWidth = 160;
    public const double MotionGap = 0.2;

    public static async Task<IReadOnlyList<Candidate>> SampleAsync(string source, int width, int height, double step, string scratch,
        CancellationToken cancellationToken)
    {
        var h = Math.Max(2, (int)Math.Round(AnalysisWidth * (double)height / Math.Max(1, width) / 2) * 2);
        Directory.CreateDirectory(scratch);
        var (at, after) = (Path.Combine(scratch, "at.rgb"), Path.Combine(scratch, "after.rgb"));
        var rate = (1 / step).ToString("0.######", CultureInfo.InvariantCulture);
        var scale = $"scale={AnalysisWidth}:{h}:flags=area,format=rgb24";
        var gap = MotionGap.ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(GlobalFFOptions.GetFFMpegBinaryPath())
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-nostdin", "-v", "error", "-i", source, "-filter_complex",
                     $"[0:v:0]split=2[a][b];[a]fps={rate},{scale}[at];[b]trim=start={gap},setpts=PTS-STARTPTS,fps={rate},{scale}[after]",
                     "-map", "[at]", "-f", "rawvideo", "-y", at, "-map", "[after]", "-f", "rawvideo", "-y", after])
            start.ArgumentList.Add(argument);
        using (var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start"))
        {
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not sample frames: {(await errors).Trim()}");
        }

        var frameBytes = AnalysisWidth * h * 3;
        var (a, b) = (await File.ReadAllBytesAsync(at, cancellationToken), await File.ReadAllBytesAsync(after, cancellationToken));
        var candidates = new List<Candidate>();
        for (var k = 0; (k + 1) * frameBytes <= a.Length; k++)
        {
            var frame = a.AsSpan(k * frameBytes, frameBytes);
            var motion = (k + 1) * frameBytes <= b.Length ? FrameMeasures.Motion(frame, b.AsSpan(k * frameBytes, frameBytes), AnalysisWidth, h) : 0;
            candidates.Add(new Candidate(k * step, FrameMeasures.Of(frame, AnalysisWidth, h), motion));
        }
        return candidates;
    }
}
