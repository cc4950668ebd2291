using System.Collections.Concurrent;
using Xunit.Abstractions;
using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>A region dies under a playing, writing client: the client moves, playback goes on, no acknowledged write is lost.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionFailoverTests(PostgresFixture fixture, ITestOutputHelper output)
{
    private static readonly MemberProfile Ines = new("Ines Duarte", "US", "en-US", MaturityRating.Age18);

    [Fact]
    public async Task KillingARegion_DuringPlaybackAndAWriteBurst_MovesTheClient_AndLosesNoAcknowledgedWrite()
    {
        await using var regions = await RegionClusters.CreateAsync(fixture, "failover");
        await regions.StartAllAsync();
        foreach (var region in regions.Running.ToArray()) await PlayableRegion.PrepareAsync(regions[region].Client, region, "t-failover");
        var router = new RegionRouter(RegionRouter.PreferenceFrom("us-east"), new TestRegionLinks(regions),
            new RegionRouterOptions { CallTimeout = TimeSpan.FromSeconds(5) });

        const int members = 10;
        for (var m = 0; m < members; m++)
        {
            var id = $"m-burst-{m}";
            await router.CallAsync(g => g.GetGrain<IMemberGrain>(id).Register(Ines, PlanTier.Premium, []));
        }
        var start = await router.CallAsync(g => g.GetGrain<IPlaybackSessionGrain>("s-failover")
            .StartPlayback(new PlaybackRequest("m-burst-0", "t-failover", DeviceKind.Tv, "us-east", "local")));
        Assert.True(start.Manifest is not null, start.Refusal?.Message);
        Assert.Equal("us-east", router.Current);

        using var stop = new CancellationTokenSource();
        var beats = new ConcurrentQueue<(TimeSpan Position, string Region)>();
        var playing = Task.Run(async () =>
        {
            var position = TimeSpan.Zero;
            while (!stop.IsCancellationRequested)
            {
                position += TimeSpan.FromSeconds(1);
                var at = position;
                await router.CallAsync(g => g.GetGrain<IPlaybackSessionGrain>("s-failover").Heartbeat(new PlaybackHeartbeat(at, 3000, 20, 0, "us-east-edge")));
                beats.Enqueue((at, router.Current!));
                await Task.Delay(100);
            }
        });

        // Every write sets a resume point no other write touches, so each acknowledged one must be found exactly.
        var acknowledged = new ConcurrentBag<int>();
        var next = -1;
        var writers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < 300)
            {
                var (member, title, position) = Write(i);
                try
                {
                    await router.CallAsync(g => g.GetGrain<IMemberGrain>(member).SetResumePoint(title, position));
                    acknowledged.Add(i);
                }
                catch (Exception e) when (e is WriteNotReplicatedException or Orleans.Storage.InconsistentStateException)
                {
                    // Not acknowledged: the test makes no claim about it.
                }
            }
        })).ToArray();

        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= 60), seconds: 60);
        await regions.KillAsync("us-east");
        await Task.WhenAll(writers);
        await Eventually.TrueAsync(() => Task.FromResult(beats.Count(b => b.Region != "us-east") >= 5), seconds: 30);
        await stop.CancelAsync();
        await playing;

        var move = Assert.Single(router.Moves, m => m.From == "us-east");
        output.WriteLine($"{acknowledged.Count} of 300 writes acknowledged; moved {move.From} → {move.To} ({move.Reason}) " +
                         $"{(move.MovedAt - move.DetectedAt).TotalMilliseconds:0} ms after detecting it; {beats.Count} heartbeats, {beats.Count(b => b.Region != "us-east")} after the move");
        Assert.Equal("us-west", move.To); // the nearest region after us-east
        Assert.True(acknowledged.Count > 200, $"only {acknowledged.Count} of 300 writes were acknowledged");

        // Playback went on: the session, moved to us-west, holds the last position the player reported.
        var last = beats.Last();
        var session = await regions["us-west"].Client.GetGrain<IPlaybackSessionGrain>("s-failover").Get();
        Assert.Equal(PlaybackStatus.Playing, session!.Status);
        Assert.Equal(last.Position, session.Position);

        foreach (var region in new[] { "us-west", "eu-west" })
        {
            var views = new Dictionary<string, MemberView>();
            for (var m = 0; m < members; m++) views[$"m-burst-{m}"] = (await regions[region].Client.GetGrain<IMemberGrain>($"m-burst-{m}").Get())!;
            var missing = acknowledged.Where(i =>
            {
                var (member, title, position) = Write(i);
                return views[member].ResumePoints.FirstOrDefault(r => r.TitleId == title)?.Position != position;
            }).Order().ToArray();
            Assert.True(missing.Length == 0, $"{region} lacks {missing.Length} acknowledged writes: {string.Join(", ", missing.Take(20))}");
        }
    }

    private static (string Member, string Title, TimeSpan Position) Write(int i) => ($"m-burst-{i % 10}", $"t-w{i}", TimeSpan.FromSeconds(i + 1));
}
