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
    int Members, int Titles, int Edges, WebPressPlay Web)
{
    public double BaselineCallsPerSecond => (NoOpBefore.CallsPerSecond + NoOpAfter.CallsPerSecond) / 2;

    public double Ratio => StartPlayback.CallsPerSecond / BaselineCallsPerSecond;

    /// <summary>The closed-loop scenarios in the order they ran.</summary>
    public IReadOnlyList<Measurement> ClosedLoop => [NoOpBefore, StartPlayback, Web.Play, Web.PlayAndMaster, NewGrainNoOp, NewStoredGrain, NoOpAfter];
}

/// <summary>
/// Press play through the website's API, measured in the same run as the grain-level figures: closed loop at the same concurrency
/// (<see cref="Play"/>, and with the master playlist fetched after it), the highest fixed rate whose p99 stays within the bound
/// (<see cref="Bound"/>, every step tried), and that rate halved (<see cref="HalfRate"/>).
/// </summary>
public sealed record WebPressPlay(int Devices, TimeSpan SignInTime, Measurement Play, Measurement PlayAndMaster, LatencyBoundRate Bound, OpenLoopStep? HalfRate);

/// <summary>
/// Pressing play under load: <c>StartPlayback</c> through an external client (each call a new session:
/// member read, title and media from the silo's copy, maturity and plan checked, a stream lease taken,
/// steering signs edge URLs, the session written) against no-op calls before and after, same silo, same
/// client, same concurrency. Premium members (four streams each), enough of them that no start is refused
/// for streams; edges registered through the registry's own heartbeat call. A no-op on a new grain each
/// call shows what activating a grain per session costs on its own, and a new grain that writes its state
/// the least a persisted grain per session can cost. Then the same press play through the member's website in this process
/// (<see cref="WebPlayers"/>): signed-in devices post <c>/api/play</c> over HTTP, closed loop at the same concurrency, then open loop
/// (<see cref="OpenLoopMeter"/>) to find the highest rate whose p99 is within <see cref="WebP99Limit"/>, and that rate halved.
/// </summary>
public static class PressPlayBenchmark
{
    public const string Mode = "press-play";
    private const string Location = "local";
    private const int Members = 20_000;
    private const int Titles = 100;
    private const int Edges = 3;

    /// <summary>Devices signed in to the website, one member each: every sign-in is a PBKDF2 check, so hundreds, not all members.</summary>
    private const int WebDevices = 200;

    public static readonly TimeSpan WebP99Limit = TimeSpan.FromMilliseconds(20);

    /// <summary>A fixed-rate step counts only if at least this share of the offered rate was answered.</summary>
    public const double MinAchievedShare = 0.95;

    private static readonly TimeSpan StepWarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StepPause = TimeSpan.FromSeconds(1);
    private const int Bisections = 5;

    /// <summary>A missed step is tried again (twice at most) when other processes used more than this many cores meanwhile.</summary>
    public const double DisturbedAboveCores = 0.25;
    private const int Retries = 2;
    private const int MaxInFlight = 4000;

    public static async Task<PressPlayResult> RunAsync(BenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        using var telemetry = BenchmarkTelemetry.StartIfOn();
        log.WriteLine(telemetry is null ? $"telemetry off (nothing listens; {BenchmarkTelemetry.Variable}=on turns it on)" : "telemetry on: every span recorded, every measurement taken");
        await using var region = await InProcessRegion.StartAsync(new Dictionary<string, string?>
        {
            ["Netflix:Cdn:SigningKeys:0:Id"] = "bench-1",
            ["Netflix:Cdn:SigningKeys:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            // Sessions never heartbeat here, and their stream leases lapse as soon as they are taken: every start still takes one
            // (the same call, on a lease table of a member that holds at most one or two), but none is refused for streams (a
            // refusal would be a cheaper call), not even for the website's devices, each of which presses play again and again.
            ["Netflix:Playback:SessionTimeout"] = "00:00:00.001",
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
        // The edges' addresses answer the master playlist the website fetches after a play (a stub in this process, see StubEdges).
        await using var stubEdges = await StubEdges.StartAsync(Edges, cancellationToken);
        using var edges = new EdgeHeartbeats(client.GetGrain<IEdgeRegistryGrain>(regionName), regionName, stubEdges.BaseUrls);
        await edges.BeatAsync();
        log.WriteLine($"{Members} Premium members, {Titles} playable titles, {Edges} edges registered in {clock.Elapsed.TotalSeconds:0.0} s");

        // The website, over this client (which is in the trusted tier: it makes the sign-in checks' calls), with a device per member.
        await using var web = await WebPlayers.StartAsync(client, regionName, Location, memberIds[..WebDevices], titleIds, log, cancellationToken);
        var firstPlay = await web.PlayOnceAsync(0);
        if (firstPlay.GetProperty("edges").GetArrayLength() != Edges || firstPlay.GetProperty("renditions").GetArrayLength() == 0)
            throw new InvalidOperationException($"the website's play answered an unexpected manifest: {firstPlay}");
        await web.PlayAndMasterAsync(1);

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
            var result = await session.StartPlayback(new PlaybackRequest(memberIds[n % Members], titleIds[n % Titles], DeviceKind.Tv, regionName, Location));
            if (result.Manifest is null) throw new InvalidOperationException($"a start was refused, which would flatter the rate: {result.Refusal}");
        });
        var webPlay = (Func<int, Task>)web.PlayAsync;
        var webPlayAndMaster = (Func<int, Task>)web.PlayAndMasterAsync;
        var priming = await BenchmarkRun.PrimeAsync(options, [noOp, start, webPlay], log, cancellationToken);

        var meter = new CallRateMeter(options.Concurrency, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(options.Seconds));
        async Task<Measurement> Measure(string scenario, Func<int, Task> call)
        {
            await edges.BeatAsync();
            var before = MachineShare.Now();
            var m = await meter.MeasureAsync(scenario, call, cancellationToken);
            log.WriteLine($"  {scenario}: {m.CallsPerSecond:N0} calls/s; {MachineShare.Now() - before}");
            return m;
        }
        // StartPlayback and the website's plays before the new-grain scenarios: the hundreds of thousands of idle grains they leave
        // behind would otherwise weigh on them (the silo's working-set scan, a bigger heap).
        var noOpBefore = await Measure("no-op", noOp);
        var startPlayback = await Measure("StartPlayback", start);
        var webPlayRate = await Measure("web: POST /api/play", webPlay);
        var webMaster = await Measure("web: play, then master playlist", webPlayAndMaster);

        // Steps as long as the closed-loop scenarios: here a garbage collection stops the process for tens of ms and holds up every
        // request due meanwhile, so in a 3 s step two or three of them decide the p99 at almost any rate, and short steps would
        // measure whether collections fell in them more than the rate.
        var stepLength = TimeSpan.FromSeconds(options.Seconds);
        var openLoop = new OpenLoopMeter(StepWarmUp, stepLength, MaxInFlight);
        await edges.BeatAsync();
        log.WriteLine($"web, fixed rates: the highest with p99 ≤ {WebP99Limit.TotalMilliseconds:0} ms, {stepLength.TotalSeconds:0} s each after {StepWarmUp.TotalSeconds:0} s");
        var bound = await LatencyBoundSearch.FindAsync(openLoop, webPlay, webPlayRate.CallsPerSecond, WebP99Limit.TotalMicroseconds, MinAchievedShare, Bisections, DisturbedAboveCores, Retries, StepPause,
            (step, met) => log.WriteLine($"  {step.OfferedPerSecond:N0}/s offered: {step.AchievedPerSecond:N0}/s answered, p50 {step.P50Microseconds / 1000:0.0} ms, " +
                                         $"p99 {step.P99Microseconds / 1000:0.0} ms, {step.Errors} errors, {step.Dropped} dropped: {(met ? "meets" : "misses")}; {step.Machine}" +
                                         (step.FirstError is { } e ? $" ({e})" : "")),
            cancellationToken);
        // Half that rate, for the latency a member sees when the website is not near its limit; a run disturbed by other processes
        // is run again (twice at most) and the least disturbed one kept.
        OpenLoopStep? half = null;
        if (bound.Rate > 0)
        {
            var halfMeter = openLoop;
            for (var attempt = 0; attempt <= Retries && (half is null || half.Machine.OtherCores > DisturbedAboveCores); attempt++)
            {
                await edges.BeatAsync();
                var run = await halfMeter.MeasureAsync(Math.Round(bound.Rate / 2), webPlay, cancellationToken);
                log.WriteLine($"  half of it, {run.OfferedPerSecond:N0}/s for {options.Seconds} s: p50 {run.P50Microseconds / 1000:0.0} ms, p99 {run.P99Microseconds / 1000:0.0} ms, " +
                              $"{run.AchievedPerSecond:N0}/s answered, {run.Errors} errors, {run.Dropped} dropped; {run.Machine}");
                if (half is null || run.Machine.OtherCores < half.Machine.OtherCores) half = run;
                await Task.Delay(StepPause, cancellationToken);
            }
        }

        var newGrain = await Measure("no-op, new grain each call", newGrainNoOp);
        var newStored = await Measure("new grain each call, state written", newStoredGrain);
        if (telemetry is not null) log.WriteLine(telemetry.Summary);
        return new PressPlayResult(options, noOpBefore, newGrain, newStored, startPlayback, await Measure("no-op (again)", noOp),
            priming, Members, Titles, Edges, new WebPressPlay(web.Devices, web.SignInTime, webPlayRate, webMaster, bound, half));
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

        public EdgeHeartbeats(IEdgeRegistryGrain registry, string region, IReadOnlyList<string> baseUrls)
        {
            _registry = registry;
            _reports = [.. baseUrls.Select((url, i) =>
                new EdgeReport($"bench-edge-{i + 1}", region, Location, url, EdgeHealth.Healthy, 0, 0, 1L << 40, 1L << 40, []))];
            _timer = new Timer(_ => _ = BeatAsync(), null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
        }

        public Task BeatAsync() => Task.WhenAll(_reports.Select(r => _registry.Heartbeat(r)));

        public void Dispose() => _timer.Dispose();
    }
}
