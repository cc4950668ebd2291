using System.Diagnostics;
using System.Runtime;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Everything one run measured, in the order it ran.</summary>
public sealed record BenchmarkResult(BenchmarkOptions Options, Measurement NoOpBefore, Measurement MemberShow, Measurement TitleShow,
    Measurement NoOpAfter, Seeder.Result Seed, TimeSpan WarmUp, Priming Priming)
{
    public const int Titles = 2000;
    public const int Members = 2000;
    public const int NoOpKeys = 1000;

    /// <summary>No-op calls/s: the mean of the runs before and after the real calls.</summary>
    public double BaselineCallsPerSecond => (NoOpBefore.CallsPerSecond + NoOpAfter.CallsPerSecond) / 2;

    /// <summary>How far the second no-op run moved from the first, in percent.</summary>
    public double NoOpDriftPercent => (NoOpAfter.CallsPerSecond - NoOpBefore.CallsPerSecond) / NoOpBefore.CallsPerSecond * 100;

    public IReadOnlyList<Measurement> All => [NoOpBefore, MemberShow, TitleShow, NoOpAfter];

    public double Ratio(Measurement measurement) => measurement.CallsPerSecond / BaselineCallsPerSecond;
}

/// <summary>How long the untimed rounds before the measurements took, and whether the JIT had settled.</summary>
public sealed record Priming(int Rounds, bool Settled, TimeSpan Elapsed);

/// <summary>
/// The benchmark itself: an in-process silo, an external client over TCP, a seeded catalog, then
/// no-op, <c>member show</c>, <c>title show</c> and no-op again, each at the same concurrency.
/// Progress goes to the given log (standard error), so standard output carries only the report.
/// </summary>
public static class BenchmarkRun
{
    public static async Task<BenchmarkResult> RunAsync(BenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var region = await InProcessRegion.StartAsync(cancellationToken);
        log.WriteLine($"silo started in {clock.Elapsed.TotalSeconds:0.0} s: {region.Settings.ClusterId}, silo port {region.Settings.SiloPort}, gateway {region.Gateway}, {region.Settings.StorageDescription}");

        await using var connection = await ClusterConnection.ConnectAsync(
            new ClientOptions { Region = region.Settings.Region.Name, Gateways = [region.Gateway] }, cancellationToken);
        var client = connection.Client;
        log.WriteLine($"client connected to {connection.Description}");

        var seed = await new Seeder(client).RunAsync(
            new Seeder.Plan(Titles: BenchmarkResult.Titles, Members: BenchmarkResult.Members, Seed: CatalogGenerator.DefaultSeed, BatchSize: 500, Parallelism: 4),
            null, cancellationToken);
        log.WriteLine($"seeded {seed.Titles} titles and {seed.Members} members in {seed.Elapsed.TotalSeconds:0.0} s");

        // Keys are built once, so the loops time the grain call rather than string formatting.
        var noOpKeys = Enumerable.Range(0, BenchmarkResult.NoOpKeys).Select(i => "noop-" + i).ToArray();
        var memberIds = Enumerable.Range(0, BenchmarkResult.Members).Select(CatalogGenerator.MemberId).ToArray();
        var titleIds = Enumerable.Range(0, BenchmarkResult.Titles).Select(CatalogGenerator.TitleId).ToArray();
        await EnsureSeededAsync(client, memberIds, titleIds);

        var noOp = (Func<int, Task>)(i => client.GetGrain<INoOpGrain>(noOpKeys[i % noOpKeys.Length]).Ping());
        var memberShow = (Func<int, Task>)(i => client.GetGrain<IMemberGrain>(memberIds[i % memberIds.Length]).Get());
        var titleShow = (Func<int, Task>)(i => client.GetGrain<ITitleGrain>(titleIds[i % titleIds.Length]).Get());
        var priming = await PrimeAsync(options, [noOp, memberShow, titleShow], log, cancellationToken);

        var warmUp = TimeSpan.FromSeconds(1);
        var meter = new CallRateMeter(options.Concurrency, warmUp, TimeSpan.FromSeconds(options.Seconds));
        async Task<Measurement> Measure(string scenario, Func<int, Task> call)
        {
            log.WriteLine($"measuring {scenario}: {options.Concurrency} loops, {warmUp.TotalSeconds:0} s warm-up + {options.Seconds} s");
            var measurement = await meter.MeasureAsync(scenario, call, cancellationToken);
            log.WriteLine($"  {measurement.CallsPerSecond:N0} calls/s");
            return measurement;
        }

        var results = new BenchmarkResult(options,
            NoOpBefore: await Measure("no-op", noOp),
            MemberShow: await Measure("member show", memberShow),
            TitleShow: await Measure("title show", titleShow),
            NoOpAfter: await Measure("no-op (again)", noOp),
            seed, warmUp, priming);
        log.WriteLine("stopping client and silo");
        return results;
    }

    /// <summary>
    /// Untimed rounds of all scenarios until the JIT is done. Its tiering (quick code, then
    /// instrumented, then optimized) takes many seconds of CPU when every core is also busy with
    /// calls; measured straight away, the second no-op run came out up to 5× the first on a 2-core
    /// machine. Settled means two rounds in a row in which the JIT compiled for under 5 % of the time.
    /// (The call rate itself is too noisy on a small machine to say when warm-up is over.)
    /// </summary>
    public static async Task<Priming> PrimeAsync(BenchmarkOptions options, Func<int, Task>[] calls, TextWriter log, CancellationToken cancellationToken)
    {
        const int maxRounds = 8;
        const int quietRoundsNeeded = 2;
        const double maxJitShare = 0.05;
        var total = Stopwatch.StartNew();
        var meter = new CallRateMeter(options.Concurrency, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var quietRounds = 0;
        for (var round = 1; ; round++)
        {
            var roundStart = Stopwatch.GetTimestamp();
            var jitBefore = JitInfo.GetCompilationTime();
            var rate = (await meter.MeasureAsync("priming", calls[0], cancellationToken)).CallsPerSecond;
            foreach (var call in calls.Skip(1)) await meter.MeasureAsync("priming", call, cancellationToken);
            var jitShare = (JitInfo.GetCompilationTime() - jitBefore) / Stopwatch.GetElapsedTime(roundStart);

            quietRounds = jitShare < maxJitShare ? quietRounds + 1 : 0;
            var settled = quietRounds >= quietRoundsNeeded;
            log.WriteLine($"priming round {round}: no-op {rate:N0} calls/s, JIT busy {jitShare:P0} of the round{(settled ? ": settled" : "")}");
            if (settled || round == maxRounds) return new Priming(round, settled, total.Elapsed);
        }
    }

    /// <summary>A read of an unseeded member or title returns null quickly and would flatter the numbers: refuse to measure that.</summary>
    private static async Task EnsureSeededAsync(IClusterClient client, string[] memberIds, string[] titleIds)
    {
        foreach (var id in new[] { memberIds[0], memberIds[^1] })
        {
            if (await client.GetGrain<IMemberGrain>(id).Get() is null)
                throw new InvalidOperationException($"member {id} reads as null after seeding; member show would measure a miss");
        }
        foreach (var id in new[] { titleIds[0], titleIds[^1] })
        {
            if (await client.GetGrain<ITitleGrain>(id).Get() is null)
                throw new InvalidOperationException($"title {id} reads as null after seeding; title show would measure a miss");
        }
    }
}
