using Orleans.Netflix.Cdn;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>Popular titles reach edges before anyone asks for them there, within the edge's capacity.</summary>
[Collection(EdgeCollection.Name)]
public sealed class FillTests(EdgeClusterFixture fixture)
{
    [Fact]
    public async Task APopularTitle_IsPrefetchedByTheEdge_AndATitleTooBigForItsFillShareIsNot()
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

        var plan = await fixture.Client.GetGrain<IFillPlannerGrain>("us-east").PlanFor(edge.EdgeId);
        Assert.Contains(popular, plan.Titles);
        Assert.DoesNotContain(huge, plan.Titles); // 1.2 MB does not fit 80 % of a 1 MiB cache
        Assert.True(plan.Bytes <= 0.8 * (1 << 20));

        // No player has asked this edge for anything: the bytes came by fill.
        await Eventually.TrueAsync(async () => (await registry.Live()).Any(e => e.Report.EdgeId == edge.EdgeId && e.Report.TitlesHeld.Contains(popular)));
        using var response = await edge.Http.GetAsync(edge.Url(EdgeClusterFixture.Token(popular), $"titles/{popular}/job-1/video-360p/seg-00001.m4s"));
        Assert.Equal("HIT", response.Headers.GetValues("X-Cache").Single());
        Assert.Equal(files["video-360p/seg-00001.m4s"], await response.Content.ReadAsByteArrayAsync());
    }
}
