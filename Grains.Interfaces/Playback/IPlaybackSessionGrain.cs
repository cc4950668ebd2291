using Orleans.Netflix.Common;

namespace Orleans.Netflix.Playback;

/// <summary>
/// One play, keyed by session id (the client makes a new one per press of play). Starting checks the
/// member's plan, maturity limit, concurrent streams and device, picks renditions, audio and subtitles,
/// asks steering for edges and returns the manifest; heartbeats move the member's resume point; stopping,
/// or silence past the session timeout, frees the stream slot.
/// </summary>
[Alias("netflix.IPlaybackSessionGrain")]
public interface IPlaybackSessionGrain : INetflixGrain
{
    /// <summary>A manifest, or a refusal with its reason. Starting a session again returns its manifest again.</summary>
    [Alias("StartPlayback")]
    Task<PlaybackStart> StartPlayback(PlaybackRequest request);

    /// <exception cref="InvalidOperationException">The session was never started, is stopped or timed out.</exception>
    [Alias("Heartbeat")]
    Task<PlaybackSessionView> Heartbeat(PlaybackHeartbeat heartbeat);

    /// <summary>Ends the play at <paramref name="position"/>; stopping twice changes nothing.</summary>
    [Alias("StopPlayback")]
    Task<PlaybackSessionView> StopPlayback(TimeSpan position, QoeSummary? qoe);

    [Alias("Get")]
    Task<PlaybackSessionView?> Get();

    /// <summary>The manifest this session started with, when <paramref name="memberId"/> is the member playing it; null otherwise (or never started).</summary>
    [Alias("ManifestFor"), Orleans.Concurrency.ReadOnly]
    Task<PlaybackManifest?> ManifestFor(string memberId);
}

/// <summary>
/// A member's stream slots, keyed by member id: a session holds a lease while it heartbeats; a lease
/// not renewed within its lifetime lapses, so an abandoned player frees its slot without anyone telling.
/// </summary>
[Alias("netflix.IStreamLeaseGrain"), TrustedTierOnly]
public interface IStreamLeaseGrain : INetflixGrain
{
    /// <summary>True when the session holds (or already held) a slot; false when <paramref name="limit"/> others hold all.</summary>
    [Alias("TryAcquire")]
    Task<bool> TryAcquire(string sessionId, int limit, TimeSpan lifetime);

    /// <summary>False when the lease had lapsed or was never held.</summary>
    [Alias("Renew")]
    Task<bool> Renew(string sessionId, TimeSpan lifetime);

    [Alias("Release")]
    Task Release(string sessionId);

    /// <summary>The sessions holding a slot now.</summary>
    [Alias("Active")]
    Task<string[]> Active();
}
