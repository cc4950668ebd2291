using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Prints an <see cref="EdgeBenchmarkResult"/> as tables or as one JSON object.</summary>
public static class EdgeBenchmarkReport
{
    public static void WriteTable(EdgeBenchmarkResult result)
    {
        var options = result.Options;
        var table = new Table()
            .Title($"cached segments, wrk -t{options.Threads} -c{options.Connections}, medians of {options.Rounds} x {options.Duration} s")
            .AddColumn("segments")
            .AddColumn("server")
            .AddColumn(new TableColumn("req/s").RightAligned())
            .AddColumn(new TableColumn("MB/s").RightAligned())
            .AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("cores").RightAligned())
            .AddColumn(new TableColumn("req/CPU s").RightAligned())
            .AddColumn(new TableColumn("MB/s ÷ nginx").RightAligned())
            .AddColumn(new TableColumn("req/CPU s ÷ nginx").RightAligned());
        foreach (var segments in EdgeSegments.Classes)
        {
            foreach (var server in EdgeBenchmarkResult.Servers)
            {
                var s = result.Summary(segments.Label, server);
                var ratio = result.Ratio(segments.Label, server);
                table.AddRow(segments.Label, server, $"{s.RequestsPerSecond:N0}", $"{s.MegabytesPerSecond:N0}", $"{s.P99Microseconds / 1000:0.00}",
                    $"{s.ServerCores:0.00}", $"{s.RequestsPerCpuSecond:N0}",
                    server == EdgeBenchmarkResult.Nginx ? "" : $"{ratio.Bytes:0.00}×", server == EdgeBenchmarkResult.Nginx ? "" : $"{ratio.CpuEfficiency:0.00}×");
            }
        }
        AnsiConsole.Write(table);

        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        foreach (var segments in EdgeSegments.Classes)
        {
            var nginxPlane = result.Ratio(segments.Label, EdgeBenchmarkResult.EdgeNginx);
            var kestrel = result.Ratio(segments.Label, EdgeBenchmarkResult.EdgeKestrel);
            var target = EdgeBenchmarkResult.Target(segments.Label);
            Console.WriteLine(
                $"{segments.Label}: edge on nginx ÷ nginx MB/s {nginxPlane.Bytes:0.00}× (target ≥ {target:0.0}: {(nginxPlane.Bytes >= target ? "met" : "MISSED")}), " +
                $"requests per server CPU second {nginxPlane.CpuEfficiency:0.00}×; edge on Kestrel ÷ nginx MB/s {kestrel.Bytes:0.00}×, per CPU second {kestrel.CpuEfficiency:0.00}×; " +
                $"per round (MB/s, edge on nginx ÷ nginx): {string.Join(", ", RoundRatios(result, segments.Label).Select(r => $"{r:0.00}×"))}");
        }
        Console.WriteLine(
            $"content: {string.Join(", ", EdgeSegments.Classes.Select(c => $"{c.Count} segments of {c.Label}"))} (random bytes), published and indexed as an ingest does; " +
            "each size timed on its own, every file of that size requested in turn, the same list on every server");
        Console.WriteLine(
            $"edges: their own processes ({Report.BuildConfiguration} build, Warning logs), disk cache, every file checked HIT before timing (on the nginx plane, sent by nginx itself), " +
            $"signed URL per request (HMAC checked in njs on the nginx plane); {result.NginxVersion} alone: worker_processes auto, sendfile, keep-alive, no access log; " +
            $"all on 127.0.0.1; {result.WarmUp.TotalSeconds:0} s untimed warm-up of each, then rounds of nginx, edge on nginx and edge on Kestrel, each round starting one server later");
        Console.WriteLine(
            "MB/s: bytes wrk read (headers included) per second, 10^6 bytes; cores: the server's CPU time (/proc utime+stime of the process and its " +
            "descendants: nginx's master and workers, the edge and its nginx) over the run's length, req/CPU s: requests per second of it; " +
            "wrk runs on the same cores as the servers and the silo");
        Console.WriteLine($"machine: {Report.MachineLine}");
    }

    private static IEnumerable<double> RoundRatios(EdgeBenchmarkResult result, string segments) =>
        result.Runs.Where(r => r.Segments == segments).GroupBy(r => r.Round).Select(round =>
            round.Single(r => r.Server == EdgeBenchmarkResult.EdgeNginx).Wrk.MegabytesPerSecond / round.Single(r => r.Server == EdgeBenchmarkResult.Nginx).Wrk.MegabytesPerSecond);

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
            segments = EdgeSegments.Classes.Select(c => new
            {
                label = c.Label,
                bytes = c.Bytes,
                files = c.Count,
                target = EdgeBenchmarkResult.Target(c.Label),
                servers = EdgeBenchmarkResult.Servers.ToDictionary(s => s, s => Summary(result.Summary(c.Label, s))),
                nginxPlaneBytesRatio = Math.Round(result.Ratio(c.Label, EdgeBenchmarkResult.EdgeNginx).Bytes, 4),
                nginxPlaneCpuEfficiencyRatio = Math.Round(result.Ratio(c.Label, EdgeBenchmarkResult.EdgeNginx).CpuEfficiency, 4),
                kestrelBytesRatio = Math.Round(result.Ratio(c.Label, EdgeBenchmarkResult.EdgeKestrel).Bytes, 4),
                kestrelCpuEfficiencyRatio = Math.Round(result.Ratio(c.Label, EdgeBenchmarkResult.EdgeKestrel).CpuEfficiency, 4),
            }),
            runs = result.Runs.Select(r => new
            {
                segments = r.Segments,
                round = r.Round,
                server = r.Server,
                requests = r.Wrk.Requests,
                bytes = r.Wrk.Bytes,
                seconds = Math.Round(r.Wrk.Duration.TotalSeconds, 3),
                requestsPerSecond = Math.Round(r.Wrk.RequestsPerSecond, 1),
                megabytesPerSecond = Math.Round(r.Wrk.MegabytesPerSecond, 2),
                serverCpuSeconds = Math.Round(r.ServerCpu.TotalSeconds, 2),
                wrkCpuSeconds = Math.Round(r.WrkCpu.TotalSeconds, 2),
            }),
        };
        Report.PrintJson(report);
    }
}
