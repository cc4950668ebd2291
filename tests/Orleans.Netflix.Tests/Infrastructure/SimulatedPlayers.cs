using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// Players without video: each a member with a started session, heartbeating it through its own
/// <see cref="RegionRouter"/> (probing fast), so they move between regions as real clients do.
/// </summary>
public sealed class SimulatedPlayers : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(RegionRouter Router, Task Probes, Task Playing)> _players = [];

    private int _lostHeartbeats;

    public IReadOnlyList<RegionRouter> Routers => [.. _players.Select(p => p.Router)];

    /// <summary>Heartbeats that failed (and were followed by the next); the last one's exception, for a test's message.</summary>
    public int LostHeartbeats => Volatile.Read(ref _lostHeartbeats);

    public Exception? LastLostHeartbeat { get; private set; }

    public static async Task<SimulatedPlayers> StartAsync(IRegionLinks links, string nearest, string titleId, int count, string prefix)
    {
        var players = new SimulatedPlayers();
        for (var i = 0; i < count; i++)
        {
            var member = $"m-{prefix}-{i}";
            var session = $"s-{prefix}-{i}";
            var router = new RegionRouter(RegionRouter.PreferenceFrom(nearest), links, new RegionRouterOptions { ProbeEvery = TimeSpan.FromMilliseconds(200) });
            await router.CallAsync(g => g.GetGrain<IMemberGrain>(member).Register(new MemberProfile("Player", "US", "en", MaturityRating.Age18), PlanTier.Premium, []));
            var start = await router.CallAsync(g => g.GetGrain<IPlaybackSessionGrain>(session)
                .StartPlayback(new PlaybackRequest(member, titleId, DeviceKind.Web, router.Current!, "local")));
            if (start.Manifest is null) throw new InvalidOperationException($"start refused: {start.Refusal?.Message}");
            var stop = players._stop.Token;
            var playing = Task.Run(async () =>
            {
                var position = TimeSpan.Zero;
                while (!stop.IsCancellationRequested)
                {
                    position += TimeSpan.FromMilliseconds(250);
                    var at = position;
                    try
                    {
                        await router.CallAsync(g => g.GetGrain<IPlaybackSessionGrain>(session).Heartbeat(new PlaybackHeartbeat(at, 800, 10, 0, "edge")));
                    }
                    catch (Exception e) when (!stop.IsCancellationRequested)
                    {
                        // As a real player does (Client/Playback/PlaybackSession): a heartbeat lost while the session moves
                        // between regions is not the end of the play; the next one goes where the router now points.
                        Interlocked.Increment(ref players._lostHeartbeats);
                        players.LastLostHeartbeat = e;
                    }
                    await Task.Delay(250);
                }
            });
            players._players.Add((router, router.RunProbesAsync(stop), playing));
        }
        await Task.Delay(1500); // the silos report traffic every half second
        return players;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_players.SelectMany(p => new[] { p.Probes, p.Playing }));
        _stop.Dispose();
    }
}
