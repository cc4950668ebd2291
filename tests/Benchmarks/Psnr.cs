using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// Average PSNR (all planes, ffmpeg's psnr filter) of an encode against the source scaled to the
/// encode's size with the same scaler as the pipeline (bicubic), both streams starting at time 0.
/// </summary>
public static partial class Psnr
{
    public static async Task<double> AverageAsync(string encoded, string source, int width, int height, CancellationToken cancellationToken)
    {
        var log = await FfmpegCli.RunAsync(
        [
            "-i", encoded, "-i", source,
            "-lavfi", $"[0:v]setpts=PTS-STARTPTS[e];[1:v]scale={width}:{height}:flags=bicubic,setpts=PTS-STARTPTS[r];[e][r]psnr",
            "-f", "null", "-",
        ], cancellationToken);
        var match = log.Select(l => Average().Match(l)).LastOrDefault(m => m.Success)
            ?? throw new InvalidOperationException($"no PSNR line for {encoded}: {string.Join(" | ", log.TakeLast(3))}");
        return match.Groups["v"].Value == "inf" ? double.PositiveInfinity : double.Parse(match.Groups["v"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"PSNR .* average:(?<v>inf|[0-9.]+)")]
    private static partial Regex Average();
}
