using System.Net;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>Edges register and drop out by heartbeat; steering ranks them for the client and signs URLs that work on each.</summary>
[Collection(EdgeCollection.Name)]
public sealed class SteeringTests(EdgeClusterFixture fixture)
{
    [Fact]
    public async Task Steering_RanksTheClientsSiteFirst_AndEverySteeredUrlPlays()
    {
        var title = $"t-steer-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var paris = await fixture.StartEdgeAsync($"e-par-{suffix}", location: "paris");
        await using var lyon = await fixture.StartEdgeAsync($"e-lyo-{suffix}", location: "lyon");
        await Eventually.TrueAsync(async () => (await Registry().Live()).Count(e => e.Report.EdgeId.EndsWith(suffix, StringComparison.Ordinal)) == 2);

        var steering = fixture.Client.GetGrain<ISteeringGrain>("us-east");
        var forLyon = await steering.Steer(new SteeringRequest(title, "s-lyon", "us-east", "lyon"));
        var mine = forLyon.Edges.Where(e => e.EdgeId.EndsWith(suffix, StringComparison.Ordinal)).ToArray();
        Assert.Equal([lyon.EdgeId, paris.EdgeId], mine.Select(e => e.EdgeId));
        Assert.Equal(EdgeProximity.SameSite, forLyon.Edges[0].Proximity);
        Assert.True(forLyon.Edges.Length >= 2);
        Assert.True(forLyon.ExpiresAt > DateTimeOffset.UtcNow);

        var forParis = await steering.Steer(new SteeringRequest(title, "s-paris", "us-east", "paris"));
        Assert.Equal(paris.EdgeId, forParis.Edges[0].EdgeId);

        using var http = new HttpClient();
        foreach (var edge in mine)
        {
            var master = new Uri(edge.MasterPlaylistUrl);
            Assert.Equal(files["master.m3u8"], await http.GetByteArrayAsync(master));
            // The playlist's relative URLs resolve under the same token.
            var media = new Uri(master, "video-360p/index.m3u8");
            Assert.Equal(files["video-360p/index.m3u8"], await http.GetByteArrayAsync(media));
            Assert.Equal(files["video-360p/seg-00001.m4s"], await http.GetByteArrayAsync(new Uri(media, "seg-00001.m4s")));
        }
    }

    [Fact]
    public async Task AnEdgeWhoseHeartbeatsStop_DropsOutOfSteering_AndAStoppedEdgeLeavesAtOnce()
    {
        var ghost = $"e-ghost-{Guid.NewGuid():N}"[..20];
        await Registry().Heartbeat(new EdgeReport(ghost, "us-east", "nowhere", "http://127.0.0.1:9/", EdgeHealth.Healthy, 0, 0, 1 << 30, 1 << 30, []));
        Assert.Contains(await Registry().Live(), e => e.Report.EdgeId == ghost);
        await Task.Delay(EdgeClusterFixture.EdgeTimeout + TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await Registry().Live(), e => e.Report.EdgeId == ghost);

        var edge = await fixture.StartEdgeAsync($"e-leave-{Guid.NewGuid():N}"[..20]);
        await Eventually.TrueAsync(async () => (await Registry().Live()).Any(e => e.Report.EdgeId == edge.EdgeId));
        await edge.DisposeAsync();
        Assert.DoesNotContain(await Registry().Live(), e => e.Report.EdgeId == edge.EdgeId);
    }

    [Fact]
    public async Task HeartbeatsReportWhatTheEdgeHolds_AndSteeringPrefersAnEdgeHoldingTheTitle()
    {
        var title = $"t-held-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var cold = await fixture.StartEdgeAsync($"e-a-cold-{suffix}", location: "berlin");
        await using var warm = await fixture.StartEdgeAsync($"e-b-warm-{suffix}", location: "berlin");
        var token = EdgeClusterFixture.Token(title);
        foreach (var relative in files.Keys) Assert.Equal(HttpStatusCode.OK, (await warm.Http.GetAsync(warm.Url(token, $"titles/{title}/job-1/{relative}"))).StatusCode);

        await Eventually.TrueAsync(async () => (await Registry().Live()).Any(e => e.Report.EdgeId == warm.EdgeId && e.Report.TitlesHeld.Contains(title)));
        var steered = await fixture.Client.GetGrain<ISteeringGrain>("us-east").Steer(new SteeringRequest(title, "s-1", "us-east", "berlin"));
        Assert.Equal(warm.EdgeId, steered.Edges[0].EdgeId);
        Assert.True(steered.Edges[0].HoldsTitle);
    }

    [Fact]
    public async Task SteeringATitleWithNothingPublished_IsNotFound()
    {
        var steering = fixture.Client.GetGrain<ISteeringGrain>("us-east");
        await Assert.ThrowsAsync<NotFoundException>(() => steering.Steer(new SteeringRequest("t-nothing-here", "s-1", "us-east", "x")));
    }

    private IEdgeRegistryGrain Registry() => fixture.Client.GetGrain<IEdgeRegistryGrain>("us-east");
}
