using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Playback.Abr;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The ingested title's ladder: a short source that costs bits (a moving test pattern under fresh noise in
/// every frame, which no encoder can predict: coarse noise that survives scaling down to 240p, and fine
/// noise on top) ingested through the real pipeline on an in-process silo, so its capped-CRF renditions
/// spend near their caps at every rung, as busy film scenes do, while staying above the pipeline's PSNR
/// floor; the index gives each segment's real bytes (<see cref="AbrTitleIndex"/>).
/// </summary>
public static class AbrTitleSource
{
    /// <summary>Four 4 s segments, cycled to the session's length.</summary>
    public const int Seconds = 16;

    public static async Task<AbrTitle> IngestAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-abr-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var source = Path.Combine(root, "source.mp4");
            log.WriteLine($"generating a {Seconds} s {PipelineBenchmark.Width}x{PipelineBenchmark.Height} source of noise and motion with audio");
            await GenerateAsync(source, cancellationToken);
            await using var region = await InProcessRegion.StartAsync(new Dictionary<string, string?>
            {
                ["Netflix:Ingest:WorkRoot"] = Path.Combine(root, "work"),
                ["Netflix:Ingest:OriginRoot"] = Path.Combine(root, "origin"),
            }, cancellationToken);
            await using var connection = await ClusterConnection.ConnectAsync(
                new ClientOptions { Region = region.Settings.Region.Name, Gateways = [region.Gateway] }, cancellationToken);
            var assets = await EdgeTitle.IngestSourceAsync(connection.Client, source, log, cancellationToken);
            return AbrTitleIndex.From(assets);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException e)
            {
                log.WriteLine($"warning: could not delete {root}: {e.Message}");
            }
        }
    }

    /// <summary>
    /// testsrc2 (moving) at 240p with temporal noise, scaled up to 720p with finer noise over it, 30 fps, near-lossless x264 as a studio
    /// would deliver it. Measured with ffmpeg alone: the ladder's x264 settings spend 3,600 kb/s at 720p (cap 3,000) and 480 at 240p
    /// (cap 400) over 4 s, at 33 dB PSNR.
    /// </summary>
    private static Task GenerateAsync(string path, CancellationToken cancellationToken) => FfmpegCli.RunAsync(
    [
        "-loglevel", "error",
        "-f", "lavfi", "-i", $"testsrc2=size=428x240:rate=30:duration={Seconds}",
        "-f", "lavfi", "-i", $"sine=duration={Seconds}",
        "-vf", $"noise=alls=12:allf=t,scale={PipelineBenchmark.Width}x{PipelineBenchmark.Height},noise=alls=6:allf=t",
        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-pix_fmt", "yuv420p", "-c:a", "aac", path,
    ], cancellationToken);
}
