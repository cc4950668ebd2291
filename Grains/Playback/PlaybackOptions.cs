namespace Orleans.Netflix.Grains.Playback;

/// <summary>Playback sessions (configuration section "Netflix:Playback").</summary>
public sealed class PlaybackOptions
{
    public const string Section = "Netflix:Playback";

    /// <summary>How often a client should heartbeat.</summary>
    public TimeSpan HeartbeatEvery { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A session silent this long is over and its stream slot free (a few missed heartbeats).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>A resume point this close to the end counts as finished: the next play starts from the beginning.</summary>
    public TimeSpan FinishedWithin { get; set; } = TimeSpan.FromSeconds(30);
}
