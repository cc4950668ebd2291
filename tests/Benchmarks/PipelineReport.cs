using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Prints a <see cref="PipelineResult"/> as tables or as one JSON object.</summary>
public static class PipelineReport
{
    public static void WriteTable(PipelineResult result)
    {
        var (pipeline, baseline) = (result.Pipeline, result.Baseline);
        var cost = new Table()
            .Title($"{result.Options.Seconds} s {result.Width}x{result.Height} {result.FrameRate} fps: pipeline vs one ffmpeg")
            .AddColumn("")
            .AddColumn(new TableColumn("pipeline").RightAligned())
            .AddColumn(new TableColumn("baseline").RightAligned())
            .AddColumn(new TableColumn("ratio").RightAligned());
        cost.AddRow("wall s", $"{pipeline.Wall.TotalSeconds:0.0}", $"{baseline.Wall.TotalSeconds:0.0}",
            $"{pipeline.Wall / baseline.Wall:0.00}×");
        cost.AddRow("CPU s, all", $"{pipeline.Cpu.Total.TotalSeconds:0.0}", $"{baseline.Cpu.Total.TotalSeconds:0.0}", $"{pipeline.Cpu.Total / baseline.Cpu.Total:0.00}×");
        cost.AddRow("  of which ffmpeg/ffprobe", $"{pipeline.Cpu.Children.TotalSeconds:0.0}", $"{baseline.Cpu.Children.TotalSeconds:0.0}",
            $"{pipeline.Cpu.Children / baseline.Cpu.Children:0.00}×");
        cost.AddRow("  of which this process", $"{pipeline.Cpu.Self.TotalSeconds:0.0}", $"{baseline.Cpu.Self.TotalSeconds:0.0}", "");
        cost.AddRow("    of which compiling (JIT)", $"{pipeline.Compiling.TotalSeconds:0.0}", "", "");
        cost.AddRow("CPU s / wall s", $"{pipeline.Cpu.Total / pipeline.Wall:0.00}", $"{baseline.Cpu.Total / baseline.Wall:0.00}", "");
        AnsiConsole.Write(cost);

        var quality = new Table()
            .Title("PSNR vs the source scaled (bicubic); kb/s spent")
            .AddColumn("rendition")
            .AddColumn(new TableColumn("kb/s").RightAligned())
            .AddColumn(new TableColumn("pipe dB").RightAligned())
            .AddColumn(new TableColumn("base dB").RightAligned())
            .AddColumn(new TableColumn("diff").RightAligned())
            .AddColumn(new TableColumn("pipe kb/s").RightAligned())
            .AddColumn(new TableColumn("base kb/s").RightAligned());
        foreach (var q in result.Quality)
        {
            quality.AddRow($"{q.Rendition.Name}", $"{q.Rendition.VideoKbps}",
                $"{q.PipelineDb:0.00}", $"{q.BaselineDb:0.00}", $"{q.DifferenceDb:+0.00;-0.00;0.00}", $"{q.PipelineKbps:0}", $"{q.BaselineKbps:0}");
        }
        AnsiConsole.Write(quality);

        var stages = new Table().Title("pipeline stages (±0.25 s)").AddColumn("stage")
            .AddColumn(new TableColumn("wall s").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned())
            .AddColumn(new TableColumn("CPU s").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned());
        foreach (var s in result.Ingest.Stages)
        {
            stages.AddRow(s.Stage.ToString(), $"{s.Elapsed.TotalSeconds:0.0}", $"{s.Elapsed / pipeline.Wall:P0}",
                $"{s.Cpu.Total.TotalSeconds:0.0}", $"{s.Cpu.Total / pipeline.Cpu.Total:P0}");
        }
        AnsiConsole.Write(stages);

        if (result.Rounds.Count > 1)
        {
            var rounds = new Table().Title("rounds: each pipeline run, then the baseline").AddColumn(new TableColumn("round").RightAligned())
                .AddColumn(new TableColumn("pipeline wall s").RightAligned())
                .AddColumn(new TableColumn("baseline wall s").RightAligned())
                .AddColumn(new TableColumn("wall ratio").RightAligned())
                .AddColumn(new TableColumn("CPU ratio").RightAligned())
                .AddColumn(new TableColumn("pipeline JIT s").RightAligned());
            foreach (var (round, i) in result.Rounds.Select((r, i) => (r, i + 1)))
                rounds.AddRow($"{i}", $"{round.Pipeline.Wall.TotalSeconds:0.0}", $"{round.Baseline.Wall.TotalSeconds:0.0}", $"{round.WallRatio:0.00}×", $"{round.CpuRatio:0.00}×",
                    $"{round.Pipeline.Compiling.TotalSeconds:0.0}");
            rounds.AddRow("median", "", "", $"{result.WallRatio:0.00}×", $"{result.CpuRatio:0.00}×", "");
            AnsiConsole.Write(rounds);
        }

        if (result.Runs.Count > 1)
        {
            var scaling = new Table().Title("scaling with silos (same source, same settings)").AddColumn(new TableColumn("silos").RightAligned())
                .AddColumn(new TableColumn("wall s").RightAligned())
                .AddColumn(new TableColumn("speed-up").RightAligned())
                .AddColumn(new TableColumn("vs one ffmpeg").RightAligned())
                .AddColumn(new TableColumn("CPU s").RightAligned())
                .AddColumn("chunk encodes per silo");
            var first = result.Runs[0];
            foreach (var run in result.Runs)
            {
                scaling.AddRow($"{run.Silos}", $"{run.Wall.TotalSeconds:0.0}", $"{first.Wall / run.Wall:0.00}× (ideal {run.Silos / (double)first.Silos:0.#}×)",
                    $"{run.Wall / result.Baseline.Wall:0.00}×", $"{run.Cpu.Total.TotalSeconds:0.0}", string.Join(" ", run.EncodedOn.Select(e => e.Chunks)));
            }
            AnsiConsole.Write(scaling);
        }

        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        Console.WriteLine(
            $"wall ratio {result.WallRatio:0.00}×{(result.Rounds.Count > 1 ? $" (median of {result.Rounds.Count} rounds)" : "")} (target ≤ {PipelineResult.WallRatioTarget:0.00}: " +
            $"{(result.WallRatio <= PipelineResult.WallRatioTarget ? "met" : "MISSED")}), CPU ratio {result.CpuRatio:0.00}×");
        Console.WriteLine(
            $"worst PSNR loss of the pipeline {result.WorstPsnrLossDb:0.00} dB (target ≤ {PipelineResult.PsnrLossTargetDb:0.0}: " +
            $"{(result.WorstPsnrLossDb <= PipelineResult.PsnrLossTargetDb ? "met" : "MISSED")})");
        Console.WriteLine(
            $"pipeline: {result.Ingest.Chunks} chunk encodes ({result.Encoding.Segment.TotalSeconds:0} s segments, {result.Encoding.SegmentsPerChunk} per chunk, " +
            $"preset {result.Encoding.Preset}, {(result.Encoding.Crf > 0 ? $"capped CRF {result.Encoding.Crf}" : "average bitrate")}, {result.Encoding.ConcurrentEncodes} processes at once per silo, {result.Encoding.ThreadsPerEncode} thread(s) each, " +
            $"{(result.Encoding.EncodeRenditionsTogether ? "one process per chunk for all its renditions" : "one process per chunk x rendition")}, " +
            $"{(result.Encoding.SharedFramesBytes > 0 ? "frames decoded once and shared" : "each encode seeking in the source")}), " +
            $"each checked (frames, decode, PSNR); validation, assembly, HLS fMP4 packaging, publishing; " +
            $"timed from Start to Ready (silo start {result.Ingest.SiloStart.TotalSeconds:0.0} s not included)");
        Console.WriteLine(
            "baseline: one ffmpeg command, one decode, split into the same ladder with the same x264 settings, the same two AAC tracks, " +
            "HLS fMP4 with the same segment length; no validation, no checks, no master playlist");
        Console.WriteLine(
            $"CPU: /proc/self/stat utime+stime (this process) and cutime+cstime (its ffmpeg/ffprobe children), at an assumed {ProcessCpu.TicksPerSecond} ticks/s");
        Console.WriteLine($"source: generated in {result.SourceGeneration.TotalSeconds:0.0} s, {result.SourceBytes / 1e6:0.0} MB, not timed");
        Console.WriteLine($"machine: {Report.MachineLine}; tiered compilation {(TieredCompilationOn ? "on (--tiered-jit)" : "off")}");
    }

    /// <summary>Whether this process runs with .NET's tiered compilation (see <see cref="PipelineCommand"/>).</summary>
    public static bool TieredCompilationOn => Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") != "0";

    public static void WriteJson(PipelineResult result)
    {
        static object Cost(RunCost c) => new
        {
            wallSeconds = Math.Round(c.Wall.TotalSeconds, 3),
            cpuSeconds = Math.Round(c.Cpu.Total.TotalSeconds, 2),
            cpuSecondsChildren = Math.Round(c.Cpu.Children.TotalSeconds, 2),
            cpuSecondsSelf = Math.Round(c.Cpu.Self.TotalSeconds, 2),
            compilingSeconds = Math.Round(c.Compiling.TotalSeconds, 2),
        };
        var report = new
        {
            machine = Report.Machine(),
            tieredCompilation = TieredCompilationOn,
            clockTicksPerSecondAssumed = ProcessCpu.TicksPerSecond,
            source = new
            {
                seconds = result.Options.Seconds,
                width = result.Width,
                height = result.Height,
                frameRate = result.FrameRate,
                bytes = result.SourceBytes,
                generationSeconds = Math.Round(result.SourceGeneration.TotalSeconds, 3),
            },
            encoding = new
            {
                segmentSeconds = result.Encoding.Segment.TotalSeconds,
                segmentsPerChunk = result.Encoding.SegmentsPerChunk,
                preset = result.Encoding.Preset,
                crf = result.Encoding.Crf,
                encodesAtOncePerSilo = result.Encoding.ConcurrentEncodes,
                renditionsTogether = result.Encoding.EncodeRenditionsTogether,
                sharedFramesBytes = result.Encoding.SharedFramesBytes,
                threadsPerEncode = result.Encoding.ThreadsPerEncode,
                chunkEncodes = result.Ingest.Chunks,
            },
            runs = result.Runs.Select(r => new
            {
                silos = r.Silos,
                wallSeconds = Math.Round(r.Wall.TotalSeconds, 3),
                cpuSeconds = Math.Round(r.Cpu.Total.TotalSeconds, 2),
                wallRatio = Math.Round(r.Wall / result.Baseline.Wall, 4),
                encodedOn = r.EncodedOn.Select(e => new { silo = e.Silo, chunks = e.Chunks }),
            }),
            rounds = result.Rounds.Select(r => new { pipeline = Cost(r.Pipeline), baseline = Cost(r.Baseline), wallRatio = Math.Round(r.WallRatio, 4), cpuRatio = Math.Round(r.CpuRatio, 4) }),
            pipeline = Cost(result.Pipeline),
            baseline = Cost(result.Baseline),
            wallRatio = Math.Round(result.WallRatio, 4),
            wallRatioTarget = PipelineResult.WallRatioTarget,
            cpuRatio = Math.Round(result.CpuRatio, 4),
            worstPsnrLossDb = Math.Round(result.WorstPsnrLossDb, 3),
            psnrLossTargetDb = PipelineResult.PsnrLossTargetDb,
            renditions = result.Quality.Select(q => new
            {
                name = q.Rendition.Name,
                width = q.Rendition.Width,
                height = q.Rendition.Height,
                kbps = q.Rendition.VideoKbps,
                pipelinePsnrDb = Math.Round(q.PipelineDb, 3),
                baselinePsnrDb = Math.Round(q.BaselineDb, 3),
                differenceDb = Math.Round(q.DifferenceDb, 3),
                pipelineKbps = Math.Round(q.PipelineKbps, 1),
                baselineKbps = Math.Round(q.BaselineKbps, 1),
            }),
            stages = result.Ingest.Stages.Select(s => new
            {
                stage = s.Stage.ToString(),
                seconds = Math.Round(s.Elapsed.TotalSeconds, 2),
                cpuSeconds = Math.Round(s.Cpu.Total.TotalSeconds, 2),
            }),
            siloStartSeconds = Math.Round(result.Ingest.SiloStart.TotalSeconds, 3),
            baselineCommand = "ffmpeg -hide_banner -nostdin -y " + string.Join(' ', result.BaselineArguments.Select(ShellQuoted)),
        };
        Report.PrintJson(report);
    }

    /// <summary>The argument as a POSIX shell would need it, so the printed command can be pasted.</summary>
    private static string ShellQuoted(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "_-./:=%,+@".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
