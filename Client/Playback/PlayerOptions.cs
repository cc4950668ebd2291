using Orleans.Netflix.Client.Playback.Abr;

namespace Orleans.Netflix.Client.Playback;

/// <summary>How the player plays: time scale, buffer, network shaping, how much to play, when to give up on an edge.</summary>
public sealed record PlayerOptions
{
    /// <summary>Media seconds per wall second: 10 plays a minute of video in six seconds (for tests and demos).</summary>
    public double Speed { get; init; } = 1;

    /// <summary>The player stops fetching while this much is buffered ahead.</summary>
    public double MaxBufferSeconds { get; init; } = 30;

    /// <summary>When set, each download takes as long as this trace says its bytes need (never less than the real download).</summary>
    public BandwidthTrace? Trace { get; init; }

    /// <summary>Stop after this many seconds of content (null: to the end).</summary>
    public double? PlaySeconds { get; init; }

    /// <summary>A request to an edge that takes longer than this (wall time) counts as a stall: the next edge is tried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wall time between heartbeats to the session.</summary>
    public TimeSpan HeartbeatEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The press play's trace (<see cref="PressPlayTrace"/>): the first segment's requests go under it; default, untraced.</summary>
    public System.Diagnostics.ActivityContext PressPlay { get; init; }

    /// <summary>The ABR rule, one per play; ours by default (the one the ABR benchmark measures as "ours").</summary>
    public Func<IAbrRule> Rule { get; init; } = () => new GuardedMpcRule();
}
