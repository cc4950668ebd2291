using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Grains.Personalization.Browse;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>One route to the home screen measured on both paths, closed loop, and the kept path at a fixed rate of <see cref="FixedRateFactor"/>× the path before's.</summary>
public sealed record BrowseRoute(string Name, Measurement Before, Measurement Kept, OpenLoopStep AtFixedRate, double FixedRateFactor, LatencyBoundRate Bound)
{
    /// <summary>Screens per second of the kept path over the path before, both closed loop at the same concurrency.</summary>
    public double Ratio => Kept.CallsPerSecond / Before.CallsPerSecond;

    /// <summary>The highest fixed rate of kept screens with p99 within the bound, over the path before's closed-loop rate.</summary>
    public double BoundRatio => Bound.Rate / Before.CallsPerSecond;
}

public sealed record BrowseResult(BenchmarkOptions Options, Measurement NoOpBefore, BrowseRoute Grains, BrowseRoute Web, Measurement NoOpAfter,
    Priming Priming, int Titles, int Members, int Plays, double TitlesPerScreen, TimeSpan FirstBrowse,
    long EventsPublished, long EventsDropped, long? ImpressionsLogged, long ImpressionsSent, long ImpressionsDropped, long ArtworkBatches, long ModelCopies,
    IReadOnlyDictionary<string, MachineUse> Machine)
{
    public double BaselineCallsPerSecond => (NoOpBefore.CallsPerSecond + NoOpAfter.CallsPerSecond) / 2;

    /// <summary>The fixed-rate runs' p99 bound.</summary>
    public static readonly TimeSpan P99Limit = TimeSpan.FromMilliseconds(250);
}

/// <summary>
/// Browse under load: the seeded catalog (5,000 titles) and members with generated viewing history, one silo in this process on
/// in-memory storage, an external client, and as many loops as members (1,000 by default), each asking for its own member's home
/// screen again and again. Two paths in the same run, switched by the silo's <c>Netflix:Browse:KeepScreens</c> (a configuration
/// reload): the path before (every screen laid out anew and one artwork grain call per title, 40 to 50 a screen) and the kept one
/// (the member's rows kept until they change, the artwork chosen on the silo, impressions sent to the artwork grains in batches).
/// Two routes: the grain call through the external client, and the website's <c>GET /api/home</c> (<see cref="WebHomeScreens"/>).
/// Each route and path closed loop, then the kept path at a fixed rate of 5× what the path before answered on that route, from the
/// same 1,000 members (open loop, latency from when each request was due), and the highest fixed rate whose p99 is within 250 ms
/// (<see cref="LatencyBoundSearch"/>, bisecting below the kept path's closed-loop rate). No-op calls before and after give the
/// machine's baseline.
/// Every screen shown is published as impressions on the analytics stream, as before; the silo's publisher and artwork chooser say
/// how many went out and how many were dropped.
/// </summary>
public static class BrowseBenchmark
{
    public const string Mode = "browse";
    public const int DefaultMembers = 1000;
    public const double FixedRateFactor = 5;
    private const string KeepScreensKey = BrowseOptions.Section + ":" + nameof(BrowseOptions.KeepScreens);
    private const int Titles = 5000;
    private const int PlaysPerMember = 20;
    private static readonly TimeSpan StepWarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);
    private const int Bisections = 5;
    private const double MinAchievedShare = 0.95;
    private const double DisturbedAboveCores = 0.25;
    private const int Retries = 1;

    public static async Task<BrowseResult> RunAsync(BenchmarkOptions options, bool memoryLog, TextWriter log, CancellationToken cancellationToken)
    {
        var keepScreens = new Dictionary<string, string?> { [KeepScreensKey] = "true" };
        var store = new CountingAnalyticsStore();
        await using var region = memoryLog
            ? await InProcessRegion.StartAsync(keepScreens, cancellationToken)
            : await InProcessRegion.StartAsync(keepScreens, services => services.AddSingleton<IAnalyticsStore>(store), cancellationToken);
        await using var connection = await ClusterConnection.ConnectAsync(
            new ClientOptions { Region = region.Settings.Region.Name, Gateways = [region.Gateway] }, cancellationToken);
        var client = connection.Client;
        var members = options.Concurrency;

        var seeded = await new Seeder(client).RunAsync(new Seeder.Plan(Titles, members, CatalogGenerator.DefaultSeed, 500, 4, PlaysPerMember), null, cancellationToken);
        log.WriteLine($"seeded {seeded.Titles} titles, {seeded.Members} members, {seeded.Plays} plays in {seeded.Elapsed.TotalSeconds:0.0} s");

        var memberIds = Enumerable.Range(0, members).Select(CatalogGenerator.MemberId).ToArray();
        var clock = Stopwatch.StartNew();
        var first = await client.GetGrain<IRecommendationsGrain>(memberIds[0]).Browse();
        var firstBrowse = clock.Elapsed;
        log.WriteLine($"first browse (model trained on the way) {firstBrowse.TotalSeconds:0.00} s: {first.TitleCount} titles in {first.Rows.Length} rows");

        await using var web = await WebHomeScreens.StartAsync(client, region.Settings.Region.Name, memberIds, cancellationToken);
        log.WriteLine($"website at {web.BaseUrl}, a signed-in cookie for each of {members} members");

        var path = new PathSwitch(region);
        var noOp = (Func<int, Task>)(i => client.GetGrain<INoOpGrain>($"noop-{i % members}").Ping());
        var titlesShown = 0L;
        var screens = 0L;
        async Task Browse(int i)
        {
            var screen = await client.GetGrain<IRecommendationsGrain>(memberIds[i % members]).Browse();
            if (screen.TitleCount is < 40 or > 50) throw new InvalidOperationException($"a screen of {screen.TitleCount} titles for {screen.MemberId}");
            Interlocked.Add(ref titlesShown, screen.TitleCount);
            Interlocked.Increment(ref screens);
        }
        Func<int, Task> On(bool keep, Func<int, Task> call) => i =>
        {
            path.Use(keep);
            return call(i);
        };
        var grainBefore = On(false, Browse);
        var grainKept = On(true, Browse);
        var webBefore = On(false, web.HomeAsync);
        var webKept = On(true, web.HomeAsync);
        // The JIT is primed with the path before at a tenth of the members: at all of them a cold round of it (50 grain calls a
        // screen) can leave a member waiting past the client's 30 s response timeout on a busy machine.
        log.WriteLine("priming the path before");
        await BenchmarkRun.PrimeAsync(options with { Concurrency = Math.Max(1, members / 10) }, [noOp, grainBefore, webBefore], log, cancellationToken);
        log.WriteLine("priming the kept screens");
        var priming = await BenchmarkRun.PrimeAsync(options, [noOp, grainKept, webKept], log, cancellationToken);

        var machine = new Dictionary<string, MachineUse>();
        var meter = new CallRateMeter(options.Concurrency, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(options.Seconds));
        async Task<Measurement> Measure(string scenario, Func<int, Task> call)
        {
            await Task.Delay(Pause, cancellationToken); // the previous scenario's backlog (impressions, the collector) settles first
            var before = MachineShare.Now();
            var m = await meter.MeasureAsync(scenario, call, cancellationToken);
            machine[scenario] = MachineShare.Now() - before;
            log.WriteLine($"  {scenario}: {m.CallsPerSecond:N0} calls/s, p50 {m.P50Microseconds / 1000:0.0} ms, p99 {m.P99Microseconds / 1000:0.0} ms; {machine[scenario]}");
            return m;
        }
        var openLoop = new OpenLoopMeter(StepWarmUp, TimeSpan.FromSeconds(options.Seconds), maxInFlight: members);
        async Task<OpenLoopStep> AtRate(string scenario, double rate, Func<int, Task> call)
        {
            await Task.Delay(Pause, cancellationToken);
            var step = await openLoop.MeasureAsync(Math.Round(rate), call, cancellationToken);
            machine[scenario] = step.Machine;
            log.WriteLine($"  {scenario}: {step.OfferedPerSecond:N0}/s offered, {step.AchievedPerSecond:N0}/s answered, p50 {step.P50Microseconds / 1000:0.0} ms, " +
                          $"p99 {step.P99Microseconds / 1000:0.0} ms, {step.Errors} errors, {step.Dropped} dropped; {step.Machine}" +
                          (step.FirstError is { } e ? $" ({e})" : ""));
            return step;
        }

        var noOpBefore = await Measure("no-op", noOp);
        Interlocked.Exchange(ref titlesShown, 0);
        Interlocked.Exchange(ref screens, 0);
        var grainsBefore = await Measure("grains: path before", grainBefore);
        var grainsKept = await Measure("grains: kept screens", grainKept);
        var perScreen = screens == 0 ? 0 : (double)titlesShown / screens;
        var webBeforeRate = await Measure("web: path before", webBefore);
        var webKeptRate = await Measure("web: kept screens", webKept);
        async Task<LatencyBoundRate> Bound(string route, double ceiling, Func<int, Task> call)
        {
            log.WriteLine($"{route}: the highest fixed rate of kept screens with p99 ≤ {BrowseResult.P99Limit.TotalMilliseconds:0} ms");
            return await LatencyBoundSearch.FindAsync(openLoop, call, ceiling, BrowseResult.P99Limit.TotalMicroseconds, MinAchievedShare, Bisections,
                DisturbedAboveCores, Retries, Pause,
                (step, met) => log.WriteLine($"  {step.OfferedPerSecond:N0}/s offered: {step.AchievedPerSecond:N0}/s answered, p50 {step.P50Microseconds / 1000:0.0} ms, " +
                                             $"p99 {step.P99Microseconds / 1000:0.0} ms, {step.Errors} errors, {step.Dropped} dropped: {(met ? "meets" : "misses")}; {step.Machine}"),
                cancellationToken);
        }
        var grainsFixed = await AtRate($"grains: kept screens at {FixedRateFactor}× the path before", FixedRateFactor * grainsBefore.CallsPerSecond, grainKept);
        var grainsBound = await Bound("grains", grainsKept.CallsPerSecond, grainKept);
        var webFixed = await AtRate($"web: kept screens at {FixedRateFactor}× the path before", FixedRateFactor * webBeforeRate.CallsPerSecond, webKept);
        var webBound = await Bound("web", webKeptRate.CallsPerSecond, webKept);
        var noOpAfter = await Measure("no-op (again)", noOp);

        var publishers = region.Services<AnalyticsPublisher>();
        await client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main).Flush(); // the publishers, then every partition's writer
        var choosers = region.Services<ArtworkChooser>();
        foreach (var chooser in choosers) await chooser.FlushAsync();
        return new BrowseResult(options, noOpBefore,
            new BrowseRoute("grain call", grainsBefore, grainsKept, grainsFixed, FixedRateFactor, grainsBound),
            new BrowseRoute("website GET /api/home", webBeforeRate, webKeptRate, webFixed, FixedRateFactor, webBound),
            noOpAfter, priming, Titles, members, seeded.Plays, perScreen, firstBrowse,
            publishers.Sum(p => p.Published), publishers.Sum(p => p.Dropped), memoryLog ? null : store.Impressions,
            choosers.Sum(c => c.ImpressionsSent), choosers.Sum(c => c.ImpressionsDropped), choosers.Sum(c => c.Batches), choosers.Sum(c => c.CopiesReceived),
            machine);
    }

    /// <summary>Switches every silo between the two paths by reloading its configuration (what an operator's reload does), once per change.</summary>
    private sealed class PathSwitch(InProcessRegion region)
    {
        private readonly object _gate = new();
        private int _keep = 1;

        public void Use(bool keep)
        {
            var wanted = keep ? 1 : 0;
            if (Volatile.Read(ref _keep) == wanted) return;
            lock (_gate)
            {
                if (_keep == wanted) return;
                foreach (var configuration in region.Services<IConfiguration>())
                {
                    configuration[KeepScreensKey] = keep ? "true" : "false";
                    ((IConfigurationRoot)configuration).Reload();
                }
                foreach (var monitor in region.Services<IOptionsMonitor<BrowseOptions>>())
                {
                    if (monitor.CurrentValue.KeepScreens != keep) throw new InvalidOperationException($"the silo did not switch {KeepScreensKey} to {keep}");
                }
                Volatile.Write(ref _keep, wanted);
            }
        }
    }
}
