using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Prints an <see cref="EdgeBenchmarkResult"/> as tables or as one JSON object.</summary>
public static class EdgeBenchmarkReport
{
    public static void WriteTable(EdgeBenchmarkResult result)
    {
        var options = result.Options;
        var (nginx, edge) = (result.NginxSummary, result.EdgeSummary);
        var table = new Table()
            .Title($"cached files, wrk -t{options.Threads} -c{options.Connections}, medians of {options.Rounds} x {options.Duration} s")
            .AddColumn("server")
            .AddColumn(new TableColumn("req/s").RightAligned())
            .AddColumn(new TableColumn("MB/s").RightAligned())
            .AddColumn(new TableColumn("p50 ms").RightAligned())
            .AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("cores").RightAligned())
            .AddColumn(new TableColumn("req/CPU s").RightAligned());
        foreach (var s in new[] { nginx, edge })
        {
            table.AddRow(s.Server, $"{s.RequestsPerSecond:N0}", $"{s.MegabytesPerSecond:N0}", $"{s.P50Microseconds / 1000:0.00}", $"{s.P99Microseconds / 1000:0.00}",
                $"{s.ServerCores:0.00}", $"{s.RequestsPerCpuSecond:N0}");
        }
        table.AddRow("edge/nginx", $"{result.RequestsRatio:0.00}×", $"{result.BytesRatio:0.00}×", "", "", "", $"{result.CpuEfficiencyRatio:0.00}×");
        AnsiConsole.Write(table);

        var rounds = new Table().Title("timed rounds, in the order run")
            .AddColumn(new TableColumn("round").RightAligned())
            .AddColumn(new TableColumn("nginx req/s").RightAligned())
            .AddColumn(new TableColumn("edge req/s").RightAligned())
            .AddColumn(new TableColumn("edge/nginx").RightAligned());
        foreach (var round in result.Runs.GroupBy(r => r.Round))
        {
            var n = round.Single(r => r.Server == EdgeBenchmarkResult.Nginx).Wrk.RequestsPerSecond;
            var e = round.Single(r => r.Server == EdgeBenchmarkResult.Edge).Wrk.RequestsPerSecond;
            rounds.AddRow($"{round.Key}", $"{n:N0}", $"{e:N0}", $"{e / n:0.00}×");
        }
        AnsiConsole.Write(rounds);

        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        var content = result.Content;
        Console.WriteLine(
            $"edge/nginx: requests/s {result.RequestsRatio:0.00}×, MB/s {result.BytesRatio:0.00}× (target ≥ {EdgeBenchmarkResult.RatioTarget:0.00}: " +
            $"{(result.RequestsRatio >= EdgeBenchmarkResult.RatioTarget && result.BytesRatio >= EdgeBenchmarkResult.RatioTarget ? "met" : "MISSED")}); " +
            $"requests per server CPU second {result.CpuEfficiencyRatio:0.00}×");
        Console.WriteLine(
            $"content: every file of one title ingested through the pipeline ({EdgeTitle.SourceSeconds} s {PipelineBenchmark.Width}x{PipelineBenchmark.Height} source, " +
            $"{content.Renditions} renditions, {content.AudioTracks} audio tracks): {content.Files.Count} files ({content.Count(".m4s")} segments, " +
            $"{content.Count(".m3u8")} playlists, {content.Count(".mp4")} init segments), {content.TotalBytes / 1e6:0.00} MB, mean {content.MeanBytes / 1e3:0.0} kB per file; " +
            "requested in turn, the same list on both servers");
        Console.WriteLine(
            $"edge: its own process ({Report.BuildConfiguration} build, Warning logs), disk cache, every file checked HIT before timing, signed URL per request; " +
            $"{result.NginxVersion}: worker_processes auto, sendfile, keep-alive, no access log; both on 127.0.0.1; " +
            $"{result.WarmUp.TotalSeconds:0} s untimed warm-up of each, then rounds alternating nginx, edge");
        Console.WriteLine(
            "MB/s: bytes wrk read (headers included) per second, 10^6 bytes; latency: wrk's percentiles; cores: the server's CPU time " +
            "(/proc utime+stime of nginx's master and workers, of the edge process) over the run's length, req/CPU s: requests per second of it; " +
            $"wrk itself used {nginx.WrkCores:0.00} cores against nginx, {edge.WrkCores:0.00} against the edge, on the same cores as the servers and the silo");
        Console.WriteLine($"machine: {Report.MachineLine}");
    }

    public static void WriteJson(EdgeBenchmarkResult result)
    {
        static object Summary(ServerSummary s) => new
        {
            requestsPerSecond = Math.Round(s.RequestsPerSecond, 1),
            megabytesPerSecond = Math.Round(s.MegabytesPerSecond, 2),
            p50Microseconds = s.P50Microseconds,
            p99Microseconds = s.P99Microseconds,
            serverCores = Math.Round(s.ServerCores, 3),
            requestsPerCpuSecond = Math.Round(s.RequestsPerCpuSecond, 1),
            wrkCores = Math.Round(s.WrkCores, 3),
        };
        var options = result.Options;
        var content = result.Content;
        var report = new
        {
            machine = Report.Machine(),
            settings = new
            {
                durationSeconds = options.Duration,
                rounds = options.Rounds,
                connections = options.Connections,
                threads = options.Threads,
                warmUpSeconds = result.WarmUp.TotalSeconds,
                nginx = result.NginxVersion,
            },
            content = new
            {
                sourceSeconds = EdgeTitle.SourceSeconds,
                renditions = content.Renditions,
                audioTracks = content.AudioTracks,
                files = content.Files.Count,
                segments = content.Count(".m4s"),
                playlists = content.Count(".m3u8"),
                initSegments = content.Count(".mp4"),
                bytes = content.TotalBytes,
                meanBytes = Math.Round(content.MeanBytes, 1),
            },
            nginx = Summary(result.NginxSummary),
            edge = Summary(result.EdgeSummary),
            requestsRatio = Math.Round(result.RequestsRatio, 4),
            bytesRatio = Math.Round(result.BytesRatio, 4),
            cpuEfficiencyRatio = Math.Round(result.CpuEfficiencyRatio, 4),
            ratioTarget = EdgeBenchmarkResult.RatioTarget,
            runs = result.Runs.Select(r => new
            {
                round = r.Round,
                server = r.Server,
                requests = r.Wrk.Requests,
                bytes = r.Wrk.Bytes,
                seconds = Math.Round(r.Wrk.Duration.TotalSeconds, 3),
                requestsPerSecond = Math.Round(r.Wrk.RequestsPerSecond, 1),
                megabytesPerSecond = Math.Round(r.Wrk.MegabytesPerSecond, 2),
                p50Microseconds = r.Wrk.P50Microseconds,
                p99Microseconds = r.Wrk.P99Microseconds,
                serverCpuSeconds = Math.Round(r.ServerCpu.TotalSeconds, 2),
                wrkCpuSeconds = Math.Round(r.WrkCpu.TotalSeconds, 2),
            }),
        };
        Report.PrintJson(report);
    }
}
