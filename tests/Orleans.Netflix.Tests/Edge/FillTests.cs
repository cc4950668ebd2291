using Orleans.Netflix.Cdn;
using Orleans.Netflix.Grains.Cdn;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>Popular titles reach edges before anyone asks for them there, within the edge's capacity.</summary>
[Collection(EdgeCollection.Name)]
public sealed class FillTests(EdgeClusterFixture fixture)
{
    [Fact]
    public async Task APopularTitle_IsPrefetchedByTheEdge_WithinItsFillShare()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var popular = $"t-pop-{suffix}";
        var huge = $"t-huge-{suffix}";
        var files = EdgeClusterFixture.SampleTitle(segmentBytes: 50_000);
        await fixture.PublishAsync(popular, files);
        await fixture.PublishAsync(huge, EdgeClusterFixture.SampleTitle(segmentBytes: 400_000));
        await using var edge = await fixture.StartEdgeAsync($"e-fill-{suffix}", location: $"site-{suffix}", cacheBytes: 1 << 20, fillEvery: TimeSpan.FromMilliseconds(500));
        var registry = fixture.Client.GetGrain<IEdgeRegistryGrain>("us-east");
        await Eventually.TrueAsync(async () => (await registry.Live()).Any(e => e.Report.EdgeId == edge.EdgeId));

        var steering = fixture.Client.GetGrain<ISteeringGrain>("us-east");
        for (var i = 0; i < 5; i++) await steering.Steer(new SteeringRequest(popular, $"s-{i}", "us-east", "elsewhere"));
        await steering.Steer(new SteeringRequest(huge, "s-huge", "us-east", "elsewhere"));

        // Plays reach the planner one-way, so the plan catches up a moment later.
        var planner = fixture.Client.GetGrain<IFillPlannerGrain>("us-east");
        await Eventually.TrueAsync(async () => (await planner.PlanFor(edge.EdgeId)).Titles.Contains(popular));
        var plan = await planner.PlanFor(edge.EdgeId);
        Assert.DoesNotContain(huge, plan.Titles); // 1.2 MB does not fit 95 % of a 1 MiB cache (once its play arrives)
        Assert.Equal(plan.Files.Sum(f => f.Bytes), plan.Bytes);

        // No player has asked this edge for anything: the bytes came by fill.
        await Eventually.TrueAsync(async () => (await registry.Live()).Any(e => e.Report.EdgeId == edge.EdgeId && e.Report.TitlesHeld.Contains(popular)));
        using var response = await edge.Http.GetAsync(edge.Url(EdgeClusterFixture.Token(popular), $"titles/{popular}/job-1/video-360p/seg-00001.m4s"));
        Assert.Equal("HIT", response.Headers.GetValues("X-Cache").Single());
        Assert.Equal(files["video-360p/seg-00001.m4s"], await response.Content.ReadAsByteArrayAsync());
    }

    private static TitleAssets Title(string id, params long[] sizes) => new(id, "job", $"titles/{id}/job/master.m3u8", [], [], [],
        [.. sizes.Select((b, i) => new AssetFile($"titles/{id}/job/f{i}", b, 0, new string('a', 64)))], DateTimeOffset.UtcNow);

    private static IReadOnlyList<RankedTitle> Ranked(int count, long bytes) =>
        [.. Enumerable.Range(0, count).Select(i => new RankedTitle(Title($"t{i:000}", bytes), Popularity: 1.0 / (i + 1)))];

    [Fact]
    public void Selection_TakesWholeTitlesByPopularity_SkippingOneTooBigForWhatIsLeft()
    {
        RankedTitle[] titles = [new(Title("first", 400, 100), 4), new(Title("too-big", 600), 3), new(Title("small", 300), 2), new(Title("no-room", 250), 1)];

        var plan = FillSelection.PlanRegion([new FillEdge("e1", "site", 1000)], titles, replicateAbove: 0.5, replicas: 2)["e1"];

        Assert.Equal(["first", "small"], plan.Titles);
        Assert.Equal(800, plan.Bytes);
        Assert.Equal(3, plan.Files.Length);
        Assert.Empty(FillSelection.PlanRegion([new FillEdge("e1", "site", 5)], [new(Title("x", 10), 1)], 0.5, 2)["e1"].Titles);
    }

    [Fact]
    public void EdgesAtOneSite_SplitTheCatalog_HoldingOnlyTheHottestTwice()
    {
        FillEdge[] edges = [new("e1", "site", 10_000), new("e2", "site", 10_000), new("e3", "site", 10_000)];
        var titles = Ranked(100, 1_000);

        var plans = FillSelection.PlanRegion(edges, titles, replicateAbove: 0.1, replicas: 2); // only t000 draws 10 % of plays (19 %)

        Assert.All(plans.Values, p => Assert.InRange(p.Bytes, 1, 10_000));
        var copies = plans.Values.SelectMany(p => p.Titles).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, copies["t000"]); // the hottest title is on two edges
        Assert.Equal(1, copies.Values.Count(c => c > 1));
        Assert.True(copies.Count > 20, $"three edges of 10 titles each hold only {copies.Count} distinct titles"); // one edge alone holds 10
        Assert.Equal(titles.Take(copies.Count).Select(t => t.Assets.TitleId).Order(), copies.Keys.Order()); // the most popular ones
    }

    [Fact]
    public void EachSite_HoldsItsOwnCopy_AndATitleStaysPutWhenAnotherEdgeLeaves()
    {
        var titles = Ranked(30, 1_000);
        FillEdge[] edges = [new("a1", "site-a", 100_000), new("a2", "site-a", 100_000), new("a3", "site-a", 100_000), new("b1", "site-b", 100_000)];

        var plans = FillSelection.PlanRegion(edges, titles, replicateAbove: 1, replicas: 1);
        Assert.Equal(30, plans["b1"].Titles.Length); // site b's only edge holds everything
        Assert.Equal(30, plans["a1"].Titles.Length + plans["a2"].Titles.Length + plans["a3"].Titles.Length);

        var without = FillSelection.PlanRegion([edges[0], edges[1], edges[3]], titles, replicateAbove: 1, replicas: 1);
        Assert.Superset(plans["a1"].Titles.ToHashSet(), without["a1"].Titles.ToHashSet());
        Assert.Superset(plans["a2"].Titles.ToHashSet(), without["a2"].Titles.ToHashSet());
        Assert.Equal(30, without["a1"].Titles.Length + without["a2"].Titles.Length);
    }

    [Fact]
    public void Popularity_HalvesEveryHalfLife_AndRanksByDecayedPlays()
    {
        var popularity = new TitlePopularity(TimeSpan.FromHours(1));
        var start = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 4; i++) popularity.RecordPlay("old-hit", start);
        popularity.RecordPlay("new", start.AddHours(2));
        popularity.RecordPlay("new", start.AddHours(2));

        Assert.Equal(1.0, popularity.ScoreOf("old-hit", start.AddHours(2)), precision: 9);
        Assert.Equal(0, popularity.ScoreOf("never-played", start));
        Assert.Equal(["new", "old-hit"], popularity.Top(5, start.AddHours(2)).Select(t => t.TitleId));
        Assert.Single(popularity.Top(1, start.AddHours(2)));
    }

    [Fact]
    public void AHeldTitle_StaysInThePlan_UntilAnotherIsClearlyMorePlayed()
    {
        FillEdge[] Edges(params string[] heldByE2) => [new("e1", "site", 1_000), new("e2", "site", 1_000, heldByE2.ToHashSet())];
        RankedTitle[] titles = [new(Title("a", 1_000), 3.0), new(Title("b", 1_000), 2.6), new(Title("held", 1_000), 2.0)];

        // Without hysteresis the two most played titles win; "held" would be dropped and "b" pulled from origin.
        Assert.DoesNotContain("held", FillSelection.PlanRegion(Edges("held"), titles, 1, 1, keepBonus: 0).Values.SelectMany(p => p.Titles));
        // With it, 2.0 x 1.5 = 3.0 beats "b"'s 2.6: "held" stays and "b" is not pulled.
        var kept = FillSelection.PlanRegion(Edges("held"), titles, 1, 1, keepBonus: 0.5).Values.SelectMany(p => p.Titles).ToArray();
        Assert.Equal(["a", "held"], kept.Order());
        // And with room on the edge that holds it, it stays on that edge rather than where hashing would put it.
        var hashed = FillSelection.PlanRegion([new("e1", "site", 10_000), new("e2", "site", 10_000)], titles, 1, 1, keepBonus: 0.5)
            .Single(p => p.Value.Titles.Contains("held")).Key;
        var holder = hashed == "e1" ? "e2" : "e1";
        FillEdge[] roomy = [new("e1", "site", 10_000, holder == "e1" ? new HashSet<string> { "held" } : null), new("e2", "site", 10_000, holder == "e2" ? new HashSet<string> { "held" } : null)];
        Assert.Contains("held", FillSelection.PlanRegion(roomy, titles, 1, 1, keepBonus: 0.5)[holder].Titles);
        // A title played far more still takes the place.
        RankedTitle[] surge = [new(Title("a", 1_000), 3.0), new(Title("b", 1_000), 5.0), new(Title("held", 1_000), 2.0)];
        Assert.DoesNotContain("held", FillSelection.PlanRegion(Edges("held"), surge, 1, 1, keepBonus: 0.5).Values.SelectMany(p => p.Titles));
    }
}
