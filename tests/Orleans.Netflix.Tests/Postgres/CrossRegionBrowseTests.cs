using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Grains.Personalization.Browse;
using Orleans.Netflix.Members;
using Orleans.Netflix.Personalization;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>
/// A member's home screen is the same whichever region serves it (an evacuated member keeps their rows): the model
/// trains on every region's analytics log and the rows are those of the member's home region.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossRegionBrowseTests(PostgresFixture fixture)
{
    private const int Titles = 200;
    private static readonly string[] Served = ["us-east", "us-west"];

    /// <summary>Titles only us-east's crowd plays, and titles only us-west's crowd plays.</summary>
    private static readonly string[] EastTitles = [.. Enumerable.Range(0, 20).Select(CatalogGenerator.TitleId)];
    private static readonly string[] WestTitles = [.. Enumerable.Range(100, 15).Select(CatalogGenerator.TitleId)];

    [Fact]
    public async Task AMembersHomeScreen_IsTheSameInEveryRegion_WithTheTrendsOfTheirHomeRegion()
    {
        await using var regions = await RegionClusters.CreateAsync(fixture, "browse_everywhere",
            new Dictionary<string, string?> { ["Netflix:Browse:RetrainEvery"] = "01:00:00" }); // trained below, once every play is in
        foreach (var region in Served) await regions.StartAsync(region);

        await regions["us-east"].Client.GetGrain<ICatalogImportGrain>(ImportKeys.Default)
            .ImportTitles([.. new CatalogGenerator(CatalogGenerator.DefaultSeed).Titles(Titles)]);
        foreach (var region in Served)
            await Eventually.TrueAsync(async () => await regions[region].Client.GetGrain<ICatalogGrain>(CatalogKeys.Main).Count() == Titles, seconds: 30);

        // Both members live in Japan: home us-west. The traveller has watched in both regions, lately in us-west.
        var east = regions["us-east"].Client;
        await east.GetGrain<IMemberGrain>("m-traveller").Register(new MemberProfile("Aiko", "JP", "ja", MaturityRating.Age18), PlanTier.Standard, []);
        await east.GetGrain<IMemberGrain>("m-newcomer").Register(new MemberProfile("Ren", "JP", "ja", MaturityRating.Age18), PlanTier.Standard, []);
        var now = DateTimeOffset.UtcNow;
        await east.GetGrain<IMemberGrain>("m-traveller").RecordViewings(
        [
            new ViewingEvent(EastTitles[0], now.AddHours(-3), TimeSpan.FromMinutes(90)),
            new ViewingEvent(EastTitles[1], now.AddHours(-2), TimeSpan.FromMinutes(90)),
            new ViewingEvent(WestTitles[0], now.AddHours(-1), TimeSpan.FromMinutes(90)),
        ]);

        var eastPlays = Crowd("m-crowd-east", "us-east", EastTitles, now)
            .Concat([Played("m-traveller", EastTitles[0], "us-east", now.AddHours(-3)), Played("m-traveller", EastTitles[1], "us-east", now.AddHours(-2))])
            .ToArray();
        var westPlays = Crowd("m-crowd-west", "us-west", WestTitles, now).Append(Played("m-traveller", WestTitles[0], "us-west", now.AddHours(-1))).ToArray();
        await using (var eastLog = PostgresAnalyticsStore.Open(regions.ConnectionStrings["us-east"]))
        await using (var westLog = PostgresAnalyticsStore.Open(regions.ConnectionStrings["us-west"]))
        {
            Assert.Equal(eastPlays.Length, await eastLog.Append(eastPlays, default));
            Assert.Equal(westPlays.Length, await westLog.Append(westPlays, default));
            // The log holding the traveller's latest play gives their region, read from either side.
            var merged = await new AllRegionsAnalyticsStore("us-east", eastLog, new Dictionary<string, IAnalyticsStore> { ["us-west"] = westLog },
                NullLogger<AllRegionsAnalyticsStore>.Instance).PlayCounts(default);
            Assert.All(merged.Where(p => p.MemberId == "m-traveller"), p => Assert.Equal("us-west", p.Region));
        }

        foreach (var region in Served)
        {
            var model = await ModelHost(regions[region]).Retrain();
            Assert.Equal(eastPlays.Length + westPlays.Length, model.Plays);
        }

        foreach (var memberId in new[] { "m-traveller", "m-newcomer" })
        {
            var screens = await Task.WhenAll(Served.Select(r => regions[r].Client.GetGrain<IRecommendationsGrain>(memberId).Browse()));
            Assert.All(screens, s => Assert.Equal("us-west", s.Region));
            Assert.Equal(Layout(screens[0]), Layout(screens[1]));
            Assert.DoesNotContain(screens[0].Rows, r => r.Title.EndsWith(" in us-east", StringComparison.Ordinal));
        }

        // A member with no history: Popular and Trending in us-west, from us-west's log, though asked in us-east.
        var newcomer = await east.GetGrain<IRecommendationsGrain>("m-newcomer").Browse();
        Assert.Equal("Popular in us-west", newcomer.Rows[0].Title);
        var trending = Assert.Single(newcomer.Rows, r => r.Kind == BrowseRowKind.TrendingInRegion);
        Assert.Equal("Trending in us-west", trending.Title);
        Assert.NotEmpty(trending.Items);
        Assert.All(trending.Items, i => Assert.Contains(i.TitleId, WestTitles));
    }

    /// <summary>Twelve members, each playing six of the titles (a different six each), an hour or more ago.</summary>
    private static IEnumerable<AnalyticsEvent> Crowd(string prefix, string region, string[] titles, DateTimeOffset now) =>
        Enumerable.Range(0, 12).SelectMany(m => Enumerable.Range(0, 6).Select(k =>
            Played($"{prefix}-{m}", titles[(m + k * 2) % titles.Length], region, now.AddHours(-4).AddMinutes(m * 6 + k))));

    private static AnalyticsEvent Played(string memberId, string titleId, string region, DateTimeOffset at) =>
        AnalyticsEvent.PlayStart(at, region, memberId, titleId, $"s-{Guid.NewGuid():N}", TimeSpan.Zero);

    private static RecommendationModelHost ModelHost(TestCluster cluster) =>
        Assert.Single(cluster.Silos.OfType<InProcessSiloHandle>()).SiloHost.Services.GetRequiredService<RecommendationModelHost>();

    /// <summary>What must match between regions: rows, their titles and their titles' order (not artwork, each region's bandit picks it).</summary>
    private static string[] Layout(BrowseScreen screen) =>
        [.. screen.Rows.Select(r => $"{r.Kind}|{r.Title}|{string.Join(",", r.Items.Select(i => i.TitleId))}")];
}
