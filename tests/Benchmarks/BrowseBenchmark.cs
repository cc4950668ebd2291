using System.Diagnostics;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Benchmarks;

public sealed record BrowseResult(BenchmarkOptions Options, Measurement NoOpBefore, Measurement Browse, Measurement NoOpAfter, Priming Priming,
    int Titles, int Members, int Plays, double TitlesPerScreen, double ArtworkCallsPerSecond, TimeSpan FirstBrowse,
    long EventsPublished, long EventsDropped)
{
    public double BaselineCallsPerSecond => (NoOpBefore.CallsPerSecond + NoOpAfter.CallsPerSecond) / 2;

    public double Ratio => Browse.CallsPerSecond / BaselineCallsPerSecond;
}

/// <summary>
/// Browse under load: the seeded catalog (5,000 titles) and members with generated viewing history, one silo in this
/// process on in-memory storage, an external client, and as many loops as members (1,000 by default), each asking for
/// its own member's home screen again and again: the member read, the screen laid out from the model, an artwork
/// choice per title (40 to 50 grain calls) and the impressions logged. No-op calls at the same concurrency before and
/// after give the baseline. The first browse, which waits for the model's first training, is timed on its own. The
/// silo's analytics publisher says how many impressions went on the stream and how many (if any) it had to drop.
/// </summary>
public static class BrowseBenchmark
{
    public const string Mode = "browse";
    public const int DefaultMembers = 1000;
    private const int Titles = 5000;
    private const int PlaysPerMember = 20;

    public static async Task<BrowseResult> RunAsync(BenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        await using var region = await InProcessRegion.StartAsync(cancellationToken);
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

        var noOp = (Func<int, Task>)(i => client.GetGrain<INoOpGrain>($"noop-{i % members}").Ping());
        var titlesShown = 0L;
        var screens = 0L;
        var browse = (Func<int, Task>)(async i =>
        {
            var screen = await client.GetGrain<IRecommendationsGrain>(memberIds[i % members]).Browse();
            if (screen.TitleCount is < 40 or > 50) throw new InvalidOperationException($"a screen of {screen.TitleCount} titles for {screen.MemberId}");
            Interlocked.Add(ref titlesShown, screen.TitleCount);
            Interlocked.Increment(ref screens);
        });
        var priming = await BenchmarkRun.PrimeAsync(options, [noOp, browse], log, cancellationToken);

        var meter = new CallRateMeter(options.Concurrency, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(options.Seconds));
        async Task<Measurement> Measure(string scenario, Func<int, Task> call)
        {
            var m = await meter.MeasureAsync(scenario, call, cancellationToken);
            log.WriteLine($"  {scenario}: {m.CallsPerSecond:N0} calls/s");
            return m;
        }
        var before = await Measure("no-op", noOp);
        Interlocked.Exchange(ref titlesShown, 0);
        Interlocked.Exchange(ref screens, 0);
        var browsed = await Measure("browse", browse);
        var perScreen = screens == 0 ? 0 : (double)titlesShown / screens;
        var after = await Measure("no-op (again)", noOp);
        var publishers = region.Services<AnalyticsPublisher>();
        foreach (var publisher in publishers) await publisher.Flush(cancellationToken);
        return new BrowseResult(options, before, browsed, after, priming, Titles, members, seeded.Plays, perScreen,
            browsed.CallsPerSecond * perScreen, firstBrowse, publishers.Sum(p => p.Published), publishers.Sum(p => p.Dropped));
    }
}
