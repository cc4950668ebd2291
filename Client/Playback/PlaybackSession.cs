using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Media;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// One press of play as the console client holds it with the cluster, through the region router so that the session follows
/// the client when its region fails or is evacuated: the start in the serving region, the title's index, heartbeats sent one
/// at a time (the last one sent again at once when the client moves region, so the new region serves the session from then
/// on) and the stop. The session id is made here, one per press of play.
/// </summary>
public sealed class PlaybackSession : IDisposable
{
    private readonly RegionRouter _router;
    private readonly CancellationToken _cancellationToken;
    private readonly SemaphoreSlim _oneBeatAtATime = new(1, 1);
    private PlaybackHeartbeat? _lastBeat;

    /// <param name="cancellationToken">Ends heartbeats (the stop is sent regardless).</param>
    public PlaybackSession(RegionRouter router, CancellationToken cancellationToken)
    {
        _router = router;
        _cancellationToken = cancellationToken;
        _router.Moved += OnMoved;
    }

    public string SessionId { get; } = $"play-{Guid.NewGuid():N}";

    /// <summary>Starts the session in the serving region: the manifest, or why it was refused.</summary>
    /// <param name="request">The request, given the region that serves it (where the client is for steering and the lease).</param>
    public Task<PlaybackStart> StartAsync(Func<string, PlaybackRequest> request) =>
        _router.CallAsync(g => Grain(g).StartPlayback(request(_router.Current!)), _cancellationToken);

    /// <summary>The title's index (every file's SHA-256 and size), read in the serving region.</summary>
    /// <exception cref="InvalidOperationException">The title has no media any more.</exception>
    public async Task<TitleAssets> IndexAsync(string titleId) =>
        await _router.CallAsync(g => g.GetGrain<ITitleAssetsGrain>(titleId).Get(), _cancellationToken)
        ?? throw new InvalidOperationException("the title lost its media");

    /// <summary>Sends <paramref name="beat"/> to the session, after any beat still on its way.</summary>
    public async Task HeartbeatAsync(PlaybackHeartbeat beat)
    {
        _lastBeat = beat;
        // One at a time: a beat sent on a region move must not race one still on its way to the old region,
        // or two regions' activations of the session write at once and one loses (InconsistentStateException).
        await _oneBeatAtATime.WaitAsync(_cancellationToken);
        try
        {
            await _router.CallAsync(g => Grain(g).Heartbeat(beat), _cancellationToken);
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            await _router.CallAsync(g => Grain(g).Heartbeat(beat), _cancellationToken); // reactivated from the newer state
        }
        finally
        {
            _oneBeatAtATime.Release();
        }
    }

    /// <summary>Ends the session at <paramref name="position"/>, with the QoE summary when the play got that far; sent even when cancelled.</summary>
    public Task StopAsync(TimeSpan position, QoeSummary? qoe) => _router.CallAsync(g => Grain(g).StopPlayback(position, qoe), CancellationToken.None);

    public void Dispose()
    {
        _router.Moved -= OnMoved;
        _oneBeatAtATime.Dispose();
    }

    private IPlaybackSessionGrain Grain(IGrainFactory grains) => grains.GetGrain<IPlaybackSessionGrain>(SessionId);

    // A client that moved region tells its new region at once, so the session is served there from now on.
    private void OnMoved(RegionMove move)
    {
        if (move.From is not null && _lastBeat is { } beat) _ = HeartbeatAsync(beat).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
