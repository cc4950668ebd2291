using System.Collections.Concurrent;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>A region grows and shrinks under load: a silo joins, another leaves gracefully; no session and no write is lost.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ElasticityTests(PostgresFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ASiloJoining_AndOneLeavingGracefully_UnderLoad_LosesNoSessionAndNoWrite()
    {
        await using var regions = await RegionClusters.CreateAsync(fixture, "elastic");
        var cluster = await regions.StartAsync("us-east", silos: 2);
        var grains = cluster.Client;
        await PlayableRegion.PrepareAsync(grains, "us-east", "t-elastic");
        const int members = 8;
        for (var m = 0; m < members; m++)
            await grains.GetGrain<IMemberGrain>($"m-el-{m}").Register(new MemberProfile("Elastic", "US", "en", MaturityRating.Age18), PlanTier.Premium, []);
        var sessions = Enumerable.Range(0, members).Select(m => $"s-el-{m}").ToArray();
        foreach (var (session, m) in sessions.Select((s, m) => (s, m)))
        {
            var start = await grains.GetGrain<IPlaybackSessionGrain>(session).StartPlayback(new PlaybackRequest($"m-el-{m}", "t-elastic", DeviceKind.Tv, "us-east", "local"));
            Assert.NotNull(start.Manifest);
        }

        using var stop = new CancellationTokenSource();
        var lastBeat = new ConcurrentDictionary<string, TimeSpan>();
        var beating = sessions.Select(session => Task.Run(async () =>
        {
            var position = TimeSpan.Zero;
            while (!stop.IsCancellationRequested)
            {
                var at = position + TimeSpan.FromSeconds(1);
                await Retry(() => grains.GetGrain<IPlaybackSessionGrain>(session).Heartbeat(new PlaybackHeartbeat(at, 3000, 10, 0, "edge")));
                position = at;
                lastBeat[session] = at;
                await Task.Delay(100);
            }
        })).ToArray();
        var acknowledged = new ConcurrentBag<int>();
        var next = -1;
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                await Retry(() => grains.GetGrain<IMemberGrain>($"m-el-{i % members}").SetResumePoint($"t-w{i}", TimeSpan.FromSeconds(i + 1)));
                acknowledged.Add(i);
            }
        })).ToArray();

        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= 50), seconds: 60);
        var joined = await cluster.StartAdditionalSiloAsync();
        var afterJoin = acknowledged.Count;
        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= afterJoin + 100), seconds: 60);
        var leaving = cluster.Silos.First(s => s != cluster.Primary && s != joined);
        await cluster.StopSiloAsync(leaving);
        var afterLeave = acknowledged.Count;
        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= afterLeave + 100), seconds: 60);
        await stop.CancelAsync();
        await Task.WhenAll(beating.Concat(writers));
        output.WriteLine($"{acknowledged.Count} writes acknowledged ({afterJoin} before the join, {afterLeave} before the leave); {cluster.Silos.Count} silos at the end");

        foreach (var (session, m) in sessions.Select((s, m) => (s, m)))
        {
            var view = await grains.GetGrain<IPlaybackSessionGrain>(session).Get();
            Assert.Equal(PlaybackStatus.Playing, view!.Status);
            Assert.Equal(lastBeat[session], view.Position);
        }
        var members_ = new Dictionary<string, MemberView>();
        for (var m = 0; m < members; m++) members_[$"m-el-{m}"] = (await grains.GetGrain<IMemberGrain>($"m-el-{m}").Get())!;
        var missing = acknowledged.Where(i => members_[$"m-el-{i % members}"].ResumePoints.FirstOrDefault(r => r.TitleId == $"t-w{i}")?.Position != TimeSpan.FromSeconds(i + 1)).ToArray();
        Assert.True(missing.Length == 0, $"{missing.Length} acknowledged writes lost: {string.Join(", ", missing.Order().Take(20))}");
    }

    /// <summary>A call caught by a silo leaving is retried, as clients do; it is idempotent (a value set, a heartbeat).</summary>
    private static async Task Retry(Func<Task> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception e) when (attempt < 5 && e is OrleansException or TimeoutException)
            {
                await Task.Delay(200 * attempt);
            }
        }
    }
}
