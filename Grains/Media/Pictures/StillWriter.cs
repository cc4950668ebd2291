using System.Diagnostics;
using System.Globalization;
using FFMpegCore;

namespace Orleans.Netflix.Grains.Media.Pictures;

/// <summary>
/// Cuts one still into its two artwork shapes in one ffmpeg run: the frame at the still's time, cropped to 2:3 around
/// where its detail is (a portrait poster, <see cref="PosterWidth"/> x <see cref="PosterHeight"/>) and to 16:9 around the
/// centre (a landscape tile, <see cref="LandscapeWidth"/> x <see cref="LandscapeHeight"/>), as JPEG.
/// </summary>
public static class StillWriter
{
    public const int PosterWidth = 400;
    public const int PosterHeight = 600;
    public const int LandscapeWidth = 640;
    public const int LandscapeHeight = 360;

    public static async Task WriteAsync(string source, int width, int height, Candidate still, string poster, string landscape, CancellationToken cancellationToken)
    {
        var portrait = Crop(width, height, 2.0 / 3.0, still.Measures.DetailCentre);
        var wide = Crop(width, height, 16.0 / 9.0, 0.5);
        var start = new ProcessStartInfo(GlobalFFOptions.GetFFMpegBinaryPath()) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-nostdin", "-v", "error", "-ss", still.AtSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", source,
                     "-frames:v", "1", "-filter_complex",
                     $"[0:v:0]split=2[a][b];[a]crop={portrait},scale={PosterWidth}:{PosterHeight}:flags=lanczos,setsar=1[p];" +
                     $"[b]crop={wide},scale={LandscapeWidth}:{LandscapeHeight}:flags=lanczos,setsar=1[l]",
                     "-map", "[p]", "-frames:v", "1", "-q:v", "3", "-y", poster, "-map", "[l]", "-frames:v", "1", "-q:v", "3", "-y", landscape])
            start.ArgumentList.Add(argument);
        Directory.CreateDirectory(Path.GetDirectoryName(poster)!);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
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
        if (process.ExitCode != 0 || !File.Exists(poster) || !File.Exists(landscape))
            throw new InvalidOperationException($"ffmpeg could not cut the still at {still.AtSeconds:0.0} s: {(await errors).Trim()}");
    }

    /// <summary>The largest window of <paramref name="aspect"/> (width over height) in the frame, centred on <paramref name="centre"/> across it, as ffmpeg's w:h:x:y.</summary>
    public static string Crop(int width, int height, double aspect, double centre)
    {
        int w = width, h = height;
        if ((double)width / height > aspect) w = Even(height * aspect);
        else h = Even(width / aspect);
        // Even offsets: 4:2:0 chroma has one sample per two pixels, and ffmpeg would round an odd one down anyway.
        var x = Math.Clamp((int)Math.Round(centre * width - w / 2.0), 0, width - w) & ~1;
        var y = (height - h) / 2 & ~1;
        return $"{w}:{h}:{x}:{y}";
    }

    private static int Even(double value) => Math.Max(2, (int)Math.Floor(value / 2) * 2);
}
