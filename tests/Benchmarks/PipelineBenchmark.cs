using System.Diagnostics;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Wall and CPU time of one side of the comparison.</summary>
public sealed record RunCost(TimeSpan Wall, CpuTime Cpu);

/// <summary>
/// One rendition's PSNR against the scaled source, from the pipeline's published HLS and from the
/// baseline's, with the average bitrate each really spent (segment bytes over segment durations).
/// </summary>
public sealed record RenditionQuality(Rendition Rendition, double PipelineDb, double BaselineDb, double PipelineKbps, double BaselineKbps)
{
    /// <summary>Pipeline minus baseline: negative when the pipeline's encode is worse.</summary>
    public double DifferenceDb => PipelineDb - BaselineDb;
}

/// <summary>Everything the pipeline mode measured.</summary>
public sealed record PipelineResult(PipelineOptions Options, int Width, int Height, int FrameRate, EncodingOptions Encoding,
    TimeSpan SourceGeneration, long SourceBytes, IngestRun Ingest, RunCost Pipeline, RunCost Baseline,
    IReadOnlyList<string> BaselineArguments, IReadOnlyList<RenditionQuality> Quality)
{
    public const double WallRatioTarget = 1.15;
    public const double PsnrLossTargetDb = 0.2;

    public double WallRatio => Pipeline.Wall / Baseline.Wall;

    public double CpuRatio => Pipeline.Cpu.Total / Baseline.Cpu.Total;

    /// <summary>The most the pipeline's PSNR falls below the baseline's over the ladder (0 when it is never lower).</summary>
    public double WorstPsnrLossDb => Math.Max(0, Quality.Max(q => -q.DifferenceDb));
}

/// <summary>
/// The pipeline mode: generate a 1280x720 30 fps source with audio, ingest it through the grains on one
/// in-process silo, then encode the same ladder with one ffmpeg command, on the same machine in the same
/// process one after the other, and compare wall time, CPU time (this process plus its ffmpeg children)
/// and PSNR per rendition. Progress goes to the log (standard error).
/// </summary>
public static class PipelineBenchmark
{
    public const int Width = 1280;
    public const int Height = 720;
    public const int FrameRate = 30;

    public static async Task<PipelineResult> RunAsync(PipelineOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-pipeline-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var source = Path.Combine(root, "source.mp4");
            log.WriteLine($"generating a {options.Seconds} s {Width}x{Height} {FrameRate} fps source (testsrc2 + sine, x264 ultrafast crf 12)");
            var generation = Stopwatch.StartNew();
            await FfmpegCli.RunAsync(
            [
                "-loglevel", "error",
                "-f", "lavfi", "-i", $"testsrc2=size={Width}x{Height}:rate={FrameRate}:duration={options.Seconds}",
                "-f", "lavfi", "-i", $"sine=duration={options.Seconds}",
                "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p", "-c:a", "aac", source,
            ], cancellationToken);
            var generated = generation.Elapsed;
            var sourceBytes = new FileInfo(source).Length;
            log.WriteLine($"  {generated.TotalSeconds:0.0} s, {sourceBytes / 1e6:0.0} MB");

            log.WriteLine("pipeline: one in-process silo, default encoding options");
            var deadline = TimeSpan.FromMinutes(Math.Max(10, options.Seconds / 2.0));
            var ingest = await PipelineIngest.RunAsync(source, Path.Combine(root, "pipeline"), deadline, log, cancellationToken);
            log.WriteLine($"  Ready in {ingest.Wall.TotalSeconds:0.0} s, CPU {ingest.Cpu.Total.TotalSeconds:0.0} s");

            var encoding = new EncodingOptions();
            var ladder = Ladder.For(Width, Height);
            var baselineFolder = Path.Combine(root, "baseline");
            var arguments = PipelineBaseline.Arguments(source, ladder, FrameRate, encoding, baselineFolder);
            log.WriteLine($"baseline: one ffmpeg command, {ladder.Length} renditions + {PipelineBaseline.AudioKbps.Length} audio tracks as HLS fMP4");
            var cpuBefore = ProcessCpu.Now();
            var clock = Stopwatch.StartNew();
            await PipelineBaseline.RunAsync(arguments, baselineFolder, ladder, cancellationToken);
            var baseline = new RunCost(clock.Elapsed, ProcessCpu.Now() - cpuBefore);
            log.WriteLine($"  done in {baseline.Wall.TotalSeconds:0.0} s, CPU {baseline.Cpu.Total.TotalSeconds:0.0} s");

            var quality = new List<RenditionQuality>();
            foreach (var rendition in ladder)
            {
                if (!ingest.VideoPlaylists.TryGetValue(rendition.Name, out var published))
                    throw new InvalidOperationException($"the pipeline published no {rendition.Name} rendition (it has {string.Join(", ", ingest.VideoPlaylists.Keys)})");
                log.WriteLine($"PSNR {rendition.Name}: pipeline and baseline against the source scaled to {rendition.Width}x{rendition.Height}");
                var pipelineDb = await Psnr.AverageAsync(published, source, rendition.Width, rendition.Height, cancellationToken);
                var baselinePlaylist = PipelineBaseline.VideoPlaylist(baselineFolder, rendition);
                var baselineDb = await Psnr.AverageAsync(baselinePlaylist, source, rendition.Width, rendition.Height, cancellationToken);
                var q = new RenditionQuality(rendition, pipelineDb, baselineDb,
                    HlsPackager.Bitrates(published).Average / 1000.0, HlsPackager.Bitrates(baselinePlaylist).Average / 1000.0);
                quality.Add(q);
                log.WriteLine($"  {pipelineDb:0.00} dB at {q.PipelineKbps:0} kbit/s vs {baselineDb:0.00} dB at {q.BaselineKbps:0} kbit/s");
            }

            return new PipelineResult(options, Width, Height, FrameRate, encoding, generated, sourceBytes, ingest,
                new RunCost(ingest.Wall, ingest.Cpu), baseline, arguments, quality);
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
}
