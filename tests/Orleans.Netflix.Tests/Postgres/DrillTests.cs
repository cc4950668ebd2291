using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>The evacuation drill: clients leave the evacuated region within seconds and come back when it is restored.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DrillTests(PostgresFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Evacuate_MovesEveryPlayingClient_AndRestore_BringsThemBack()
    {
        await using var regions = await RegionClusters.CreateAsync(fixture, "drill");
        await regions.StartAllAsync();
        foreach (var region in regions.Running.ToArray()) await PlayableRegion.PrepareAsync(regions[region].Client, region, "t-drill");
        var links = new TestRegionLinks(regions);
        using var stop = new CancellationTokenSource();

        var players = new List<(RegionRouter Router, Task Probes, Task Playing)>();
        for (var i = 0; i < 5; i++)
        {
            var member = $"m-drill-{i}";
            var session = $"s-drill-{i}";
            var router = new RegionRouter(RegionRouter.PreferenceFrom("us-east"), links, new RegionRouterOptions { ProbeEvery = TimeSpan.FromMilliseconds(200) });
            await router.CallAsync(g => g.GetGrain<IMemberGrain>(member).Register(new MemberProfile("Drill", "US", "en", MaturityRating.Age18), PlanTier.Premium, []));
            var start = await router.CallAsync(g => g.GetGrain<IPlaybackSessionGrain>(session)
                .StartPlayback(new PlaybackRequest(member, "t-drill", DeviceKind.Web, router.Current!, "local")));
            Assert.NotNull(start.Manifest);
            var playing = Task.Run(async () =>
            {
                var position = TimeSpan.Zero;
                while (!stop.IsCancellationRequested)
                {
                    position += TimeSpan.FromMilliseconds(250);
                    var at = position;
                    await router.CallAsync(g => g.GetGrain<IPlaybackSessionGrain>(session).Heartbeat(new PlaybackHeartbeat(at, 800, 10, 0, "edge")));
                    await Task.Delay(250);
                }
            });
            players.Add((router, router.RunProbesAsync(stop.Token), playing));
        }
        Assert.All(players, p => Assert.Equal("us-east", p.Router.Current));
        await Task.Delay(1500); // the silos report traffic every half second

        var drill = new DrillRunner(links);
        var evacuation = await drill.RunAsync(evacuate: true, "us-east", TimeSpan.FromSeconds(30), output.WriteLine, CancellationToken.None);
        Assert.True(evacuation.Complete, $"{evacuation.Moves.Count} of {evacuation.Tracked} moved");
        Assert.Equal(5, evacuation.Tracked);
        Assert.All(evacuation.Moves, m => Assert.Equal("us-west", m.To));
        Assert.All(players, p => Assert.Equal("us-west", p.Router.Current));
        Assert.Contains(evacuation.PerSecond, s => s.Region == "us-west" && s.Heartbeats > 0);
        output.WriteLine($"all moved after {evacuation.AllMovedAfter!.Value.TotalSeconds:0.00} s");

        var restore = await drill.RunAsync(evacuate: false, "us-east", TimeSpan.FromSeconds(4), output.WriteLine, CancellationToken.None);
        Assert.Equal(5, restore.Moves.Count(m => m.To == "us-east"));
        Assert.All(players, p => Assert.Equal("us-east", p.Router.Current));

        await stop.CancelAsync();
        await Task.WhenAll(players.SelectMany(p => new[] { p.Probes, p.Playing }));
    }
}
