using Orleans.Netflix.Regions;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class RegionControlTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Evacuate_AndRestore_ChangeTheMarks_ButTheLastServingRegionCannotBeEvacuated()
    {
        var control = fixture.Client.GetGrain<IRegionControlGrain>(IRegionControlGrain.Key);
        try
        {
            var marks = await control.Evacuate("us-east");
            Assert.Equal(["us-east"], marks.Evacuated);
            var again = await control.Evacuate("US-EAST "); // names are normalised; a repeat changes nothing
            Assert.Equal(marks.Evacuated, again.Evacuated);
            Assert.Equal(marks.ChangedAt, again.ChangedAt);
            await control.Evacuate("eu-west");
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => control.Evacuate("us-west"));
            Assert.Contains("last region still serving", refused.Message);
            await Assert.ThrowsAsync<ArgumentException>(() => control.Evacuate("mars"));

            marks = await control.Restore("us-east");
            Assert.Equal(["eu-west"], marks.Evacuated);
            Assert.True(marks.IsEvacuated("eu-west"));
            Assert.False(marks.IsEvacuated("us-east"));
        }
        finally
        {
            await control.Restore("us-east");
            await control.Restore("eu-west");
        }
        Assert.Empty((await control.Marks()).Evacuated);
    }

    [Fact]
    public async Task Traffic_SumsTheSilosReports_PerSecond_AndKnowsWhenEachSessionArrived()
    {
        var traffic = fixture.Client.GetGrain<IRegionTrafficGrain>("traffic-test");
        var now = DateTimeOffset.UtcNow;
        var second = now.ToUnixTimeSeconds();
        await traffic.Report(new TrafficReport([new(second, 3)], [new("s-1", now, now)], [new(second, 1)], [new("s-1", "us-west", now)]));
        await traffic.Report(new TrafficReport([new(second, 2)], [new("s-1", now.AddSeconds(-1), now.AddSeconds(1)), new("s-2", now, now)], [], []));

        // Reports are one-way: wait until both are in.
        await Eventually.TrueAsync(async () => (await traffic.View(now.AddSeconds(-5))).StartsPerSecond.Sum(s => s.Count) == 5, seconds: 10);
        var view = await traffic.View(now.AddSeconds(-5));
        Assert.Equal(5, Assert.Single(view.StartsPerSecond).Count);
        Assert.Equal(1, Assert.Single(view.HeartbeatsPerSecond).Count);
        var s1 = Assert.Single(view.Sessions, s => s.SessionId == "s-1");
        Assert.Equal((now.AddSeconds(-1), now.AddSeconds(1)), (s1.First, s1.Last)); // earliest first, latest last, across silos
        Assert.Equal(2, view.ActiveSessions);
        Assert.Equal(("s-1", "us-west"), (Assert.Single(view.Arrivals).SessionId, view.Arrivals[0].From));
        Assert.Empty((await traffic.View(now.AddSeconds(10))).Sessions);
    }
}
