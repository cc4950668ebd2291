using System.Diagnostics;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// Wall and CPU time of one side of the comparison, and how long this process spent compiling code
/// meanwhile (.NET's JIT, all threads; part of the CPU time).
/// </summary>
public sealed record RunCost(TimeSpan Wall, CpuTime Cpu, TimeSpan Compiling = default);

/// <summary>One pipeline run and the baseline run right after it.</summary>
public sealed record RoundCost(RunCost Pipeline, RunCost Baseline)
{
    public double WallRatio => Pipeline.Wall / Baseline.Wall;

    public double CpuRatio => Pipeline.Cpu.Total / Baseline.Cpu.Total;
}

/// <summary>
/// One rendition's PSNR against the scaled source, from the pipeline's published HLS and from the
/// baseline's, with the average bitrate each really spent (segment bytes over segment durations).
/// </summary>
public sealed record RenditionQuality(Rendition Rendition, double PipelineDb, double BaselineDb, double PipelineKbps, double BaselineKbps)
{
    /// <summary>Pipeline minus baseline: negative when the pipeline's encode is worse.</summary>
    public double DifferenceDb => PipelineDb - BaselineDb;
}

/// <summary>
/// Everything the pipeline mode measured. <see cref="Ingest"/> is the first silo count's run (the one
/// compared in full); <see cref="Runs"/> holds one run per silo count asked for, the first included.
/// </summary>
public sealed record PipelineResult(PipelineOptions Options, int Width, int Height, int FrameRate, EncodingOptions Encoding,
    TimeSpan SourceGeneration, long SourceBytes, IngestRun Ingest, RunCost Pipeline, RunCost Baseline,
    IReadOnlyList<string> BaselineArguments, IReadOnlyList<RenditionQuality> Quality, IReadOnlyList<IngestRun> Runs)
{
    public const double WallRatioTarget = 1.15;
    public const double PsnrLossTargetDb = 0.2;

    /// <summary>Every round, the first (<see cref="Pipeline"/> and <see cref="Baseline"/>) included.</summary>
    public IReadOnlyList<RoundCost> Rounds { get; init; } = [];

    /// <summary>The median over the rounds: one noisy stretch on a shared machine moves a single pair far.</summary>
    public double WallRatio => Median(Rounds.Count > 0 ? Rounds.Select(r => r.WallRatio) : [Pipeline.Wall / Baseline.Wall]);

    public double CpuRatio => Median(Rounds.Count > 0 ? Rounds.Select(r => r.CpuRatio) : [Pipeline.Cpu.Total / Baseline.Cpu.Total]);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The most the pipeline's PSNR falls below the baseline's over the ladder (0 when it is never lower).</summary>
    public double WorstPsnrLossDb => Math.Max(0, Quality.Max(q => -q.DifferenceDb));
}

/// <summary>
/// The pipeline mode: generate a 1280x720 30 fps source with audio, ingest it through the grains on
/// in-process silos (once per silo count asked for), then encode the same ladder with one ffmpeg
/// command, on the same machine in the same process one after the other, and compare wall time, CPU
/// time (this process plus its ffmpeg children) and PSNR per rendition. A short warm-up ingest runs
/// first, untimed, so JIT compilation and cold disk caches are not counted against the pipeline.
/// Progress goes to the log (standard error).
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
            await GenerateAsync(source, options.Seconds, cancellationToken);
            var generated = generation.Elapsed;
            var sourceBytes = new FileInfo(source).Length;
            log.WriteLine($"  {generated.TotalSeconds:0.0} s, {sourceBytes / 1e6:0.0} MB");

            var encoding = new EncodingOptions
            {
                Preset = options.Preset,
                Crf = options.Crf,
                MaxConcurrentEncodes = options.SlotsPerSilo,
                EncodeThreads = options.ThreadsPerEncode,
                EncodeRenditionsTogether = !options.RenditionsApart,
                SharedFramesBytes = options.NoSharedFrames ? 0 : new EncodingOptions().SharedFramesBytes,
                SegmentsPerChunk = options.SegmentsPerChunk ?? new EncodingOptions().SegmentsPerChunk,
            };
            var settings = new Dictionary<string, string?>
            {
                ["Netflix:Ingest:Encoding:Preset"] = encoding.Preset,
                ["Netflix:Ingest:Encoding:Crf"] = $"{encoding.Crf}",
                ["Netflix:Ingest:Encoding:MaxConcurrentEncodes"] = $"{encoding.MaxConcurrentEncodes}",
                ["Netflix:Ingest:Encoding:EncodeThreads"] = $"{encoding.EncodeThreads}",
                ["Netflix:Ingest:Encoding:EncodeRenditionsTogether"] = $"{encoding.EncodeRenditionsTogether}",
                ["Netflix:Ingest:Encoding:SharedFramesBytes"] = $"{encoding.SharedFramesBytes}",
                ["Netflix:Ingest:Encoding:SegmentsPerChunk"] = $"{encoding.SegmentsPerChunk}",
            };
            var deadline = TimeSpan.FromMinutes(Math.Max(10, options.Seconds / 2.0));
            if (options.Warmup)
            {
                log.WriteLine("warm-up: a 4 s source through the pipeline, not timed");
                var warmSource = Path.Combine(root, "warmup.mp4");
                await GenerateAsync(warmSource, 4, cancellationToken);
                await PipelineIngest.RunAsync(warmSource, Path.Combine(root, "warmup"), options.Silos[0], settings, deadline, log, cancellationToken);
            }

            var runs = new List<IngestRun>();
            foreach (var silos in options.Silos)
            {
                log.WriteLine($"pipeline: {silos} in-process silo(s), preset {encoding.Preset}, {encoding.ConcurrentEncodes} encodes at once per silo, {encoding.ThreadsPerEncode} thread(s) each");
                var run = await PipelineIngest.RunAsync(source, Path.Combine(root, $"pipeline-{runs.Count}"), silos, settings, deadline, log, cancellationToken);
                log.WriteLine($"  Ready in {run.Wall.TotalSeconds:0.0} s, CPU {run.Cpu.Total.TotalSeconds:0.0} s, encoded on {string.Join(", ", run.EncodedOn.Select(e => $"{e.Silo} ({e.Chunks})"))}");
                runs.Add(run);
            }
            var ingest = runs[0];

            var ladder = Ladder.For(Width, Height);
            var baselineFolder = Path.Combine(root, "baseline");
            var arguments = PipelineBaseline.Arguments(source, ladder, FrameRate, encoding, baselineFolder);
            var baseline = await RunBaselineAsync(source, ladder, encoding, baselineFolder, log, cancellationToken);
            var rounds = new List<RoundCost> { new(new RunCost(ingest.Wall, ingest.Cpu, ingest.Compiling), baseline) };
            for (var round = 2; round <= options.Rounds; round++)
            {
                log.WriteLine($"round {round} of {options.Rounds}");
                var folder = Path.Combine(root, $"round-{round}");
                var again = await PipelineIngest.RunAsync(source, Path.Combine(folder, "pipeline"), options.Silos[0], settings, deadline, log, cancellationToken);
                log.WriteLine($"  Ready in {again.Wall.TotalSeconds:0.0} s, CPU {again.Cpu.Total.TotalSeconds:0.0} s");
                var baselineAgain = await RunBaselineAsync(source, ladder, encoding, Path.Combine(folder, "baseline"), log, cancellationToken);
                rounds.Add(new RoundCost(new RunCost(again.Wall, again.Cpu, again.Compiling), baselineAgain));
                Directory.Delete(folder, recursive: true);
            }

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
                new RunCost(ingest.Wall, ingest.Cpu, ingest.Compiling), baseline, arguments, quality, runs) { Rounds = rounds };
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

    private static async Task<RunCost> RunBaselineAsync(string source, Rendition[] ladder, EncodingOptions encoding, string folder, TextWriter log,
        CancellationToken cancellationToken)
    {
        var arguments = PipelineBaseline.Arguments(source, ladder, FrameRate, encoding, folder);
        log.WriteLine($"baseline: one ffmpeg command, {ladder.Length} renditions + {PipelineBaseline.AudioKbps.Count} audio tracks as HLS fMP4");
        var cpuBefore = ProcessCpu.Now();
        var clock = Stopwatch.StartNew();
        await PipelineBaseline.RunAsync(arguments, folder, ladder, cancellationToken);
        var baseline = new RunCost(clock.Elapsed, ProcessCpu.Now() - cpuBefore);
        log.WriteLine($"  done in {baseline.Wall.TotalSeconds:0.0} s, CPU {baseline.Cpu.Total.TotalSeconds:0.0} s");
        return baseline;
    }

    /// <summary>A 1280x720 30 fps test pattern with a sine tone, as a studio might deliver it (x264 at near-lossless quality).</summary>
    public static Task GenerateAsync(string path, int seconds, CancellationToken cancellationToken) => FfmpegCli.RunAsync(
    [
        "-loglevel", "error",
        "-f", "lavfi", "-i", $"testsrc2=size={Width}x{Height}:rate={FrameRate}:duration={seconds}",
        "-f", "lavfi", "-i", $"sine=duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p", "-c:a", "aac", path,
    ], cancellationToken);
}
