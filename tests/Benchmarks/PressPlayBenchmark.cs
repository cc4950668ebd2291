using System.Diagnostics;
using System.Security.Cryptography;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Benchmarks;

public sealed record PressPlayResult(BenchmarkOptions Options, Measurement NoOpBefore, Measurement NewGrainNoOp, Measurement NewStoredGrain, Measurement StartPlayback, Measurement NoOpAfter, Priming Priming,
    int Members, int Titles, int Edges)
{
    public double BaselineCallsPerSecond => (NoOpBefore.CallsPerSecond + NoOpAfter.CallsPerSecond) / 2;

    public double Ratio => StartPlayback.CallsPerSecond / BaselineCallsPerSecond;
}

/// <summary>
/// Pressing play under load: <c>StartPlayback</c> through an external client (each call a new session:
/// member read, title and media from the silo's copy, maturity and plan checked, a stream lease taken,
/// steering signs edge URLs, the session written) against no-op calls before and after, same silo, same
/// client, same concurrency. Premium members (four streams each), enough of them that no start is refused
/// for streams; edges registered through the registry's own heartbeat call. A no-op on a new grain each
/// call shows what activating a grain per session costs on its own, and a new grain that writes its state
/// the least a persisted grain per session can cost.
/// </summary>
public static class PressPlayBenchmark
{
    public const string Mode = "press-play";
    private const int Members = 20_000;
    private const int Titles = 100;
    private const int Edges = 3;

    public static async Task<PressPlayResult> RunAsync(BenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        await using var region = await InProcessRegion.StartAsync(new Dictionary<string, string?>
        {
            ["Netflix:Cdn:SigningKeys:0:Id"] = "bench-1",
            ["Netflix:Cdn:SigningKeys:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            // Sessions never heartbeat here, so their stream leases lapse after this: with members taken in turn,
            // each holds at most a few at once and no start is refused (a refusal would be a cheaper call).
            ["Netflix:Playback:SessionTimeout"] = "00:00:06",
        }, cancellationToken);
        await using var connection = await ClusterConnection.ConnectAsync(
            new ClientOptions { Region = region.Settings.Region.Name, Gateways = [region.Gateway] }, cancellationToken);
        var client = connection.Client;
        var regionName = region.Settings.Region.Name;

        var clock = Stopwatch.StartNew();
        var memberIds = Enumerable.Range(0, Members).Select(i => $"pp-m{i:00000}").ToArray();
        await Parallel.ForEachAsync(memberIds, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (id, _) =>
            await client.GetGrain<IMemberGrain>(id).Register(new MemberProfile("Bench", "US", "en", MaturityRating.Age18), PlanTier.Premium, []));
        var titleIds = Enumerable.Range(0, Titles).Select(i => $"pp-t{i:000}").ToArray();
        foreach (var id in titleIds) await PublishAsync(client, id);
        using var edges = new EdgeHeartbeats(client.GetGrain<IEdgeRegistryGrain>(regionName), regionName, Edges);
        await edges.BeatAsync();
        log.WriteLine($"{Members} Premium members, {Titles} playable titles, {Edges} edges registered in {clock.Elapsed.TotalSeconds:0.0} s");

        var sessions = 0L;
        var noOp = (Func<int, Task>)(i => client.GetGrain<INoOpGrain>($"noop-{i % 1000}").Ping());
        // A no-op on a grain never called before: what activating one grain per call costs, as each new session does.
        var fresh = 0L;
        var newGrainNoOp = (Func<int, Task>)(_ => client.GetGrain<INoOpGrain>($"fresh-{Interlocked.Increment(ref fresh)}").Ping());
        // The same, writing a small state to the sessions' storage: the least a grain per session that keeps its session costs.
        var stored = 0L;
        var newStoredGrain = (Func<int, Task>)(_ => client.GetGrain<IStoredNoOpGrain>($"stored-{Interlocked.Increment(ref stored)}").Store());
        var start = (Func<int, Task>)(async i =>
        {
            var n = Interlocked.Increment(ref sessions);
            var session = client.GetGrain<IPlaybackSessionGrain>($"pp-s{n}");
            var result = await session.StartPlayback(new PlaybackRequest(memberIds[n % Members], titleIds[n % Titles], DeviceKind.Tv, regionName, "local"));
            if (result.Manifest is null) throw new InvalidOperationException($"a start was refused, which would flatter the rate: {result.Refusal}");
        });
        var priming = await BenchmarkRun.PrimeAsync(options, [noOp, start], log, cancellationToken);

        var meter = new CallRateMeter(options.Concurrency, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(options.Seconds));
        async Task<Measurement> Measure(string scenario, Func<int, Task> call)
        {
            await edges.BeatAsync();
            var m = await meter.MeasureAsync(scenario, call, cancellationToken);
            log.WriteLine($"  {scenario}: {m.CallsPerSecond:N0} calls/s");
            return m;
        }
        // StartPlayback before the new-grain scenarios: the hundreds of thousands of idle grains they leave behind
        // would otherwise weigh on it (the silo's working-set scan, a bigger heap).
        var noOpBefore = await Measure("no-op", noOp);
        var startPlayback = await Measure("StartPlayback", start);
        var newGrain = await Measure("no-op, new grain each call", newGrainNoOp);
        var newStored = await Measure("new grain each call, state written", newStoredGrain);
        return new PressPlayResult(options, noOpBefore, newGrain, newStored, startPlayback, await Measure("no-op (again)", noOp),
            priming, Members, Titles, Edges);
    }

    private static async Task PublishAsync(IClusterClient client, string titleId)
    {
        var title = client.GetGrain<ITitleGrain>(titleId);
        await title.Upsert(new TitleMetadata(titleId, "", 2026, ["Drama"], [], MaturityRating.Age13, TimeSpan.FromMinutes(90)), [], 1);
        var folder = $"titles/{titleId}/job-1/";
        Rendition[] ladder = [new("1080p", 1920, 1080, 5000), new("720p", 1280, 720, 3000), new("480p", 854, 480, 1500), new("240p", 426, 240, 400)];
        await client.GetGrain<ITitleAssetsGrain>(titleId).Publish(new TitleAssets(titleId, "job-1", folder + "master.m3u8",
            [.. ladder.Select(r => new VideoTrack(r, $"video-{r.Name}/index.m3u8", r.VideoKbps * 1100, r.VideoKbps * 1000, "avc1.64001f", 25))],
            [new AudioTrack("en", 128, "audio-en-128k/index.m3u8", "mp4a.40.2", true)], [],
            [new AssetFile(folder + "master.m3u8", 100, 0, new string('0', 64))], DateTimeOffset.UtcNow));
        await title.SetAvailability(TitleAvailability.Playable);
    }

    /// <summary>Edges as the registry sees them: a heartbeat each, repeated every few seconds so none times out mid-run.</summary>
    private sealed class EdgeHeartbeats : IDisposable
    {
        private readonly IEdgeRegistryGrain _registry;
        private readonly EdgeReport[] _reports;
        private readonly Timer _timer;

        public EdgeHeartbeats(IEdgeRegistryGrain registry, string region, int count)
        {
            _registry = registry;
            _reports = [.. Enumerable.Range(1, count).Select(i =>
                new EdgeReport($"bench-edge-{i}", region, "local", $"http://127.0.0.1:{9000 + i}", EdgeHealth.Healthy, 0, 0, 1L << 40, 1L << 40, []))];
            _timer = new Timer(_ => _ = BeatAsync(), null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
        }

        public Task BeatAsync() => Task.WhenAll(_reports.Select(r => _registry.Heartbeat(r)));

        public void Dispose() => _timer.Dispose();
    }
}
