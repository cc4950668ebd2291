using Orleans.Netflix.Analytics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Personalization;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.Netflix.Grains.Personalization.Browse;
using Orleans.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Netflix.Tests.Personalization;

/// <summary>The home screen through the grains: seeded catalog and history, the model trained from the analytics log.</summary>
public sealed class RecommendationsGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private const int Titles = 600;
    private const int Members = 120;
    private static readonly IReadOnlyList<TitleRecord> Catalog = new CatalogGenerator(CatalogGenerator.DefaultSeed).Titles(Titles);

    private IRecommendationsGrain Home(string memberId) => fixture.Client.GetGrain<IRecommendationsGrain>(memberId);

    public async Task InitializeAsync()
    {
        var seeded = await new Seeder(fixture.Client).RunAsync(new Seeder.Plan(Titles, Members, CatalogGenerator.DefaultSeed, 200, 4, PlaysPerMember: 20), null, default);
        Assert.True(seeded.Plays > Members * 10);
        await fixture.Client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main).Flush();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Browse_Shows40To50Titles_InRows_EachWithOneOfItsOwnArtworkVariants()
    {
        var screen = await Home(CatalogGenerator.MemberId(0)).Browse();

        Assert.InRange(screen.TitleCount, 40, 50);
        Assert.Equal(BrowseRowKind.TopPicks, screen.Rows[0].Kind);
        Assert.Contains(screen.Rows, r => r.Kind == BrowseRowKind.BecauseYouWatched);
        var items = screen.Rows.SelectMany(r => r.Items).ToList();
        Assert.Equal(items.Count, items.Select(i => i.TitleId).Distinct().Count());
        var byId = Catalog.ToDictionary(t => t.TitleId);
        Assert.All(items, i => Assert.Contains(i.ArtworkId, byId[i.TitleId].Artwork.Select(a => a.ArtworkId)));
        Assert.True(screen.ModelVersion >= 1);
    }

    [Fact]
    public async Task MembersWithDifferentHistories_SeeDifferentScreens()
    {
        var screens = await Task.WhenAll(Enumerable.Range(0, 30).Select(m => Home(CatalogGenerator.MemberId(m)).Browse()));

        var layouts = screens.Select(s => string.Join("|", s.Rows.Select(r => r.Title + ":" + string.Join(",", r.Items.Select(i => i.TitleId))))).ToHashSet();
        Assert.Equal(30, layouts.Count);
    }

    [Fact]
    public async Task AWatchedTitle_ChangesTheNextScreen()
    {
        var memberId = CatalogGenerator.MemberId(7);
        var before = await Home(memberId).Browse();
        var picked = before.Rows[0].Items[^1];

        await fixture.Client.GetGrain<IMemberGrain>(memberId).RecordViewing(new ViewingEvent(picked.TitleId, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(90)));
        var after = await Home(memberId).Browse();

        var because = Assert.Single(after.Rows, r => r.Kind == BrowseRowKind.BecauseYouWatched);
        Assert.Equal($"Because You Watched {picked.Name}", because.Title);
        Assert.DoesNotContain(after.Rows.SelectMany(r => r.Items), i => i.TitleId == picked.TitleId);
    }

    [Fact]
    public async Task PlaysArrivingInTheLog_AreLearntByTheNextTraining()
    {
        // Two titles never played together in the seeded history; 40 new viewers now play both.
        var (first, second) = ("t-00598", "t-00599");
        var events = Enumerable.Range(0, 40).SelectMany(m => new[] { first, second }.Select(title =>
            AnalyticsEvent.PlayStart(DateTimeOffset.UtcNow, "us-east", $"m-new-viewer-{m}", title, $"s-{m}-{title}", TimeSpan.Zero))).ToArray();
        var hosts = fixture.Cluster.Silos.OfType<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<RecommendationModelHost>()).ToList();
        var before = await hosts[0].Retrain();
        Assert.DoesNotContain(before.Model.SimilarTo(first, 10), r => r.TitleId == second);

        Assert.Equal(events.Length, await fixture.Client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main).Import(events));

        foreach (var host in hosts)
        {
            var after = await host.Retrain();
            Assert.True(after.Plays >= before.Plays + events.Length, $"trained on {after.Plays} plays, {before.Plays} before");
            Assert.Equal(second, after.Model.SimilarTo(first, 1).Single().TitleId);
        }
        Assert.True((await hosts[0].Retrain()).Version > before.Version);
    }

    [Fact]
    public async Task AMemberWithNoHistory_GetsPopularTitles()
    {
        var memberId = "m-fresh-1";
        await fixture.Client.GetGrain<IMemberGrain>(memberId).Register(new MemberProfile("New", "FR", "fr", MaturityRating.Age18), PlanTier.Basic, []);

        var screen = await Home(memberId).Browse();

        Assert.Equal(BrowseRowKind.Popular, screen.Rows[0].Kind);
        Assert.InRange(screen.TitleCount, 40, 50);
    }

    [Fact]
    public async Task AnUnknownMember_IsNotFound_AndABadRegionIsRefused()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Home("m-nobody").Browse());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Home(CatalogGenerator.MemberId(0)).Browse("bad region/.."));
    }
}
