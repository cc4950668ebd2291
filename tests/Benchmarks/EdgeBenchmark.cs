using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Silo.Origin;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The edge mode: cached-segment serving by the EdgeServer, on its nginx data plane and on Kestrel alone, against
/// plain nginx serving the same files, on the same machine in the same run. Segments of two sizes are published on
/// an in-process silo, which also serves origin storage over HTTP; each edge process pulls every file once through a
/// signed URL and must then answer it from its cache; nginx serves the origin root directly. For each size wrk drives
/// each server in turn after an untimed warm-up of each, every round in a rotated order (nginx, edge on nginx, edge on
/// Kestrel; then edge on nginx, edge on Kestrel, nginx; ...), so drift of a shared machine, and whatever one server
/// leaves behind for the next, falls on all alike. Progress goes to the log (standard error); every process and file is gone afterwards.
/// </summary>
public static class EdgeBenchmark
{
    public const int WarmUpSeconds = 2;

    public static async Task<EdgeBenchmarkResult> RunAsync(EdgeBenchmarkOptions options, string nginx, string wrk, TextWriter log,
        CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-edge-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            return await RunInAsync(options, nginx, wrk, root, log, cancellationToken);
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

    private static async Task<EdgeBenchmarkResult> RunInAsync(EdgeBenchmarkOptions options, string nginxPath, string wrkPath, string root, TextWriter log,
        CancellationToken cancellationToken)
    {
        var originRoot = Path.Combine(root, "origin");
        await using var region = await InProcessRegion.StartAsync(new Dictionary<string, string?>
        {
            ["Netflix:Ingest:WorkRoot"] = Path.Combine(root, "work"),
            ["Netflix:Ingest:OriginRoot"] = originRoot,
        }, cancellationToken);
        log.WriteLine($"silo started: {region.Settings.ClusterId}, gateway {region.Gateway}; everything under {root}");
        await using var connection = await ClusterConnection.ConnectAsync(
            new ClientOptions { Region = region.Settings.Region.Name, Gateways = [region.Gateway] }, cancellationToken);
        var (prefix, files) = await EdgeSegments.PublishAsync(connection.Client, originRoot, cancellationToken);
        log.WriteLine($"published {string.Join(", ", EdgeSegments.Classes.Select(c => $"{c.Count} segments of {c.Label}"))} under {prefix}");

        var originPort = FreePort.Next();
        await using var origin = new OriginServer(IPAddress.Loopback, originPort, Options.Create(new IngestOptions { OriginRoot = originRoot }),
            Orleans.Netflix.Common.TierKey.FromSetting(null), NullLogger<OriginServer>.Instance);
        await origin.StartAsync(cancellationToken);
        try
        {
            var originUrl = $"http://127.0.0.1:{originPort}/origin/";
            var key = new SigningKey("bench-1", RandomNumberGenerator.GetBytes(32));
            var cacheBytes = Math.Max(64L << 20, 4 * files.Values.Sum(f => f.Sum(x => x.Bytes)));
            await using var edgeNginx = await EdgeProcess.StartAsync("edge-bench-nginx", "nginx", region.Settings.Region.Name, region.Gateway, originUrl,
                Path.Combine(root, "edge-nginx-cache"), cacheBytes, key, cancellationToken);
            await using var edgeKestrel = await EdgeProcess.StartAsync("edge-bench-kestrel", "kestrel", region.Settings.Region.Name, region.Gateway, originUrl,
                Path.Combine(root, "edge-kestrel-cache"), cacheBytes, key, cancellationToken);
            log.WriteLine($"edge processes {edgeNginx.ProcessId} (nginx data plane) at {edgeNginx.BaseUrl} and {edgeKestrel.ProcessId} (Kestrel) at {edgeKestrel.BaseUrl} ({EdgeProcess.DllPath}), origin {originUrl}");
            await using var nginx = await NginxServer.StartAsync(nginxPath, originRoot, Path.Combine(root, "nginx"), cancellationToken);
            log.WriteLine($"{nginx.Version} process {nginx.ProcessId} at {nginx.BaseUrl}, root {originRoot}");

            // The token a steering call would hand out: the title's published folder, one session, hours ahead.
            var token = PlaybackToken.Sign(new TokenClaims(key.Id, EdgeSegments.TitleId, prefix, "bench-session", DateTimeOffset.UtcNow.AddHours(5)), key);
            var all = files.Values.SelectMany(f => f).ToArray();
            log.WriteLine($"checking {all.Length} files on every server; each edge pulls each from origin, then must answer it from its cache (the nginx plane from nginx itself)");
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                foreach (var edge in new[] { (EdgeBenchmarkResult.EdgeNginx, edgeNginx), (EdgeBenchmarkResult.EdgeKestrel, edgeKestrel) })
                    await ServedContent.CheckAsync(http, edge.Item1, $"{edge.Item2.BaseUrl}/v1/{token}/", all, expectedCache: null, cancellationToken);
                await ServedContent.CheckAsync(http, EdgeBenchmarkResult.EdgeKestrel, $"{edgeKestrel.BaseUrl}/v1/{token}/", all, expectedCache: "HIT", cancellationToken);
                await ServedContent.CheckServedByNginxAsync(http, EdgeBenchmarkResult.EdgeNginx, $"{edgeNginx.BaseUrl}/v1/{token}/", all, cancellationToken);
                await ServedContent.CheckAsync(http, EdgeBenchmarkResult.Nginx, $"{nginx.BaseUrl}/", all, expectedCache: null, cancellationToken);
            }

            var wrk = new WrkRunner(wrkPath, root, options.Threads, options.Connections);
            var runs = new List<ServerRun>();
            foreach (var segments in EdgeSegments.Classes)
            {
                var content = new EdgeContent(files[segments], 0, 0);
                var targets = new[]
                {
                    new Target(EdgeBenchmarkResult.Nginx, nginx.BaseUrl, [.. content.Files.Select(f => $"/{f.Path}")], nginx.ProcessId),
                    new Target(EdgeBenchmarkResult.EdgeNginx, edgeNginx.BaseUrl, [.. content.Files.Select(f => $"/v1/{token}/{f.Path}")], edgeNginx.ProcessId),
                    new Target(EdgeBenchmarkResult.EdgeKestrel, edgeKestrel.BaseUrl, [.. content.Files.Select(f => $"/v1/{token}/{f.Path}")], edgeKestrel.ProcessId),
                };
                log.WriteLine($"{segments.Label} segments, wrk -t{options.Threads} -c{options.Connections}: {WarmUpSeconds} s warm-up per server, then {options.Rounds} x {options.Duration} s each, each round in a rotated order");
                foreach (var target in targets) await MeasureAsync(wrk, target, segments, content, round: 0, WarmUpSeconds, log, cancellationToken);
                for (var round = 1; round <= options.Rounds; round++)
                {
                    foreach (var target in InTurn(targets, round)) runs.Add(await MeasureAsync(wrk, target, segments, content, round, options.Duration, log, cancellationToken));
                }
            }
            return new EdgeBenchmarkResult(options, nginx.Version, TimeSpan.FromSeconds(WarmUpSeconds), runs);
        }
        finally
        {
            await origin.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The servers in round <paramref name="round"/>'s order: each round starts one server later, so every server runs as often
    /// first, second and third, and none always follows the same one (the Kestrel edge's busy .NET process, say).
    /// </summary>
    private static IEnumerable<Target> InTurn(Target[] targets, int round) =>
        Enumerable.Range(0, targets.Length).Select(i => targets[(round - 1 + i) % targets.Length]);

    /// <summary>A server as wrk sees it: its base URL, the path of every file on it, and the process whose CPU is counted.</summary>
    private sealed record Target(string Server, string BaseUrl, IReadOnlyList<string> Paths, int ProcessId);

    /// <summary>One wrk run against one server, with the CPU time it and wrk (this process's only child to exit meanwhile) spent.</summary>
    private static async Task<ServerRun> MeasureAsync(WrkRunner wrk, Target target, SegmentClass segments, EdgeContent content, int round, int seconds, TextWriter log,
        CancellationToken cancellationToken)
    {
        var serverBefore = ServerCpu.Read(target.ProcessId);
        var ownBefore = ProcessCpu.Of(target.ProcessId).SelfTicks;
        var before = ProcessCpu.Now();
        var result = await wrk.RunAsync(target.Server, target.BaseUrl, target.Paths, content.MeanBytes, seconds, cancellationToken);
        var run = new ServerRun(target.Server, segments.Label, round, result, ServerCpu.Read(target.ProcessId) - serverBefore, (ProcessCpu.Now() - before).Children);
        log.WriteLine($"  {(round == 0 ? "warm-up" : $"round {round}"),-8} {target.Server,-12} {result.RequestsPerSecond,10:N0} req/s {result.MegabytesPerSecond,8:N0} MB/s  " +
                      $"p50 {result.P50Microseconds / 1000.0:0.00} ms  p99 {result.P99Microseconds / 1000.0:0.00} ms  " +
                      $"server {run.ServerCores:0.00} cores (its own process {(ProcessCpu.Of(target.ProcessId).SelfTicks - ownBefore) / (double)ProcessCpu.TicksPerSecond / result.Duration.TotalSeconds:0.00}), " +
                      $"wrk {run.WrkCores:0.00} cores");
        return run;
    }
}
