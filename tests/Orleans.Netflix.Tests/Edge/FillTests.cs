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
        Assert.DoesNotContain(huge, plan.Titles); // 1.2 MB does not fit 80 % of a 1 MiB cache (once its play arrives)
        Assert.Equal(plan.Files.Sum(f => f.Bytes), plan.Bytes);

        // No player has asked this edge for anything: the bytes came by fill.
        await Eventually.TrueAsync(async () => (await registry.Live()).Any(e => e.Report.EdgeId == edge.EdgeId && e.Report.TitlesHeld.Contains(popular)));
        using var response = await edge.Http.GetAsync(edge.Url(EdgeClusterFixture.Token(popular), $"titles/{popular}/job-1/video-360p/seg-00001.m4s"));
        Assert.Equal("HIT", response.Headers.GetValues("X-Cache").Single());
        Assert.Equal(files["video-360p/seg-00001.m4s"], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void Selection_TakesWholeTitlesByPopularity_SkippingOneTooBigForWhatIsLeft()
    {
        static TitleAssets Title(string id, params long[] sizes) => new(id, "job", $"titles/{id}/job/master.m3u8", [], [], [],
            [.. sizes.Select((b, i) => new AssetFile($"titles/{id}/job/f{i}", b, 0, new string('a', 64)))], DateTimeOffset.UtcNow);

        var plan = FillSelection.Choose("e1", [Title("first", 400, 100), Title("too-big", 600), Title("small", 300), Title("no-room", 250)], budgetBytes: 1000);

        Assert.Equal(["first", "small"], plan.Titles);
        Assert.Equal(800, plan.Bytes);
        Assert.Equal(3, plan.Files.Length);
        Assert.Empty(FillSelection.Choose("e1", [Title("x", 10)], budgetBytes: 5).Titles);
    }
}
