using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Media;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Silo.Origin;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The edge mode: cached-segment serving by the EdgeServer against nginx serving the same files, on the
/// same machine in the same run. A title is ingested through the pipeline on an in-process silo, which
/// also serves origin storage over HTTP; an edge process pulls every file once through a signed URL and
/// must then answer it from its cache; nginx serves the origin root directly. wrk drives each in turn
/// (nginx, edge, nginx, edge, ...) after an untimed warm-up of each, so drift of a shared machine falls
/// on both alike. Progress goes to the log (standard error); every process and file is gone afterwards.
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
        var assets = await EdgeTitle.IngestAsync(connection.Client, root, log, cancellationToken);
        var content = new EdgeContent(assets.Files, assets.Video.Length, assets.Audio.Length);

        var originPort = FreePort.Next();
        await using var origin = new OriginServer(IPAddress.Loopback, originPort, Options.Create(new IngestOptions { OriginRoot = originRoot }),
            NullLogger<OriginServer>.Instance);
        await origin.StartAsync(cancellationToken);
        try
        {
            var originUrl = $"http://127.0.0.1:{originPort}/origin/";
            var key = new SigningKey("bench-1", RandomNumberGenerator.GetBytes(32));
            var cacheBytes = Math.Max(64L << 20, 4 * content.TotalBytes);
            await using var edge = await EdgeProcess.StartAsync(region.Settings.Region.Name, region.Gateway, originUrl, Path.Combine(root, "edge-cache"),
                cacheBytes, key, cancellationToken);
            log.WriteLine($"edge process {edge.ProcessId} at {edge.BaseUrl} ({EdgeProcess.DllPath}), origin {originUrl}");
            await using var nginx = await NginxServer.StartAsync(nginxPath, originRoot, Path.Combine(root, "nginx"), cancellationToken);
            log.WriteLine($"{nginx.Version} process {nginx.ProcessId} at {nginx.BaseUrl}, root {originRoot}");

            // The token a steering call would hand out: the title's published folder, one session, hours ahead.
            var prefix = assets.Folder();
            var token = PlaybackToken.Sign(new TokenClaims(key.Id, assets.TitleId, prefix, "bench-session", DateTimeOffset.UtcNow.AddHours(6)), key);

            log.WriteLine($"checking {content.Files.Count} files on both servers; the edge pulls each from origin, then must answer it from its cache");
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                await ServedContent.CheckAsync(http, EdgeBenchmarkResult.Edge, $"{edge.BaseUrl}/v1/{token}/", content.Files, expectedCache: null, cancellationToken);
                await ServedContent.CheckAsync(http, EdgeBenchmarkResult.Edge, $"{edge.BaseUrl}/v1/{token}/", content.Files, expectedCache: "HIT", cancellationToken);
                await ServedContent.CheckAsync(http, EdgeBenchmarkResult.Nginx, $"{nginx.BaseUrl}/", content.Files, expectedCache: null, cancellationToken);
            }

            var wrk = new WrkRunner(wrkPath, root, options.Threads, options.Connections);
            var targets = new[]
            {
                new Target(EdgeBenchmarkResult.Nginx, nginx.BaseUrl, [.. content.Files.Select(f => $"/{f.Path}")], nginx.ProcessId),
                new Target(EdgeBenchmarkResult.Edge, edge.BaseUrl, [.. content.Files.Select(f => $"/v1/{token}/{f.Path}")], edge.ProcessId),
            };
            log.WriteLine($"wrk -t{options.Threads} -c{options.Connections}: {WarmUpSeconds} s warm-up per server, then {options.Rounds} x {options.Duration} s each, alternating");
            foreach (var target in targets) await MeasureAsync(wrk, target, content, round: 0, WarmUpSeconds, log, cancellationToken);
            var runs = new List<ServerRun>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var target in targets) runs.Add(await MeasureAsync(wrk, target, content, round, options.Duration, log, cancellationToken));
            }
            return new EdgeBenchmarkResult(options, content, nginx.Version, TimeSpan.FromSeconds(WarmUpSeconds), runs);
        }
        finally
        {
            await origin.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A server as wrk sees it: its base URL, the path of every file on it, and the process whose CPU is counted.</summary>
    private sealed record Target(string Server, string BaseUrl, IReadOnlyList<string> Paths, int ProcessId);

    /// <summary>One wrk run against one server, with the CPU time it and wrk (this process's only child to exit meanwhile) spent.</summary>
    private static async Task<ServerRun> MeasureAsync(WrkRunner wrk, Target target, EdgeContent content, int round, int seconds, TextWriter log,
        CancellationToken cancellationToken)
    {
        var serverBefore = ServerCpu.Read(target.ProcessId);
        var before = ProcessCpu.Now();
        var result = await wrk.RunAsync(target.Server, target.BaseUrl, target.Paths, content.MeanBytes, seconds, cancellationToken);
        var run = new ServerRun(target.Server, round, result, ServerCpu.Read(target.ProcessId) - serverBefore, (ProcessCpu.Now() - before).Children);
        log.WriteLine($"  {(round == 0 ? "warm-up" : $"round {round}"),-8} {target.Server,-5} {result.RequestsPerSecond,10:N0} req/s {result.MegabytesPerSecond,8:N0} MB/s  " +
                      $"p50 {result.P50Microseconds / 1000.0:0.00} ms  p99 {result.P99Microseconds / 1000.0:0.00} ms  " +
                      $"server {run.ServerCores:0.00} cores, wrk {run.WrkCores:0.00} cores");
        return run;
    }
}
