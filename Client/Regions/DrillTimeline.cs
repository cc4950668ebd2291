namespace Orleans.Netflix.Client.Regions;

/// <summary>What a drill saw, times relative to its start.</summary>
/// <param name="Action">evacuate or restore.</param>
/// <param name="MarkedIn">The region that took the mark (and copied it to every reachable region before answering).</param>
/// <param name="Tracked">Sessions that had to move (active in the evacuated region, or elsewhere for a restore).</param>
/// <param name="Moves">Each tracked session's first heartbeat in its new region.</param>
/// <param name="PerSecond">Stream starts and heartbeats per second per region, from a few seconds before the drill.</param>
/// <param name="Unread">Why the sessions that had to move are unknown (the evacuated region could not be read before the
/// mark); then <see cref="Moves"/> holds every session that arrived from it, and the drill is not complete.</param>
public sealed record DrillTimeline(
    string Action,
    string Region,
    DateTimeOffset StartedAt,
    string MarkedIn,
    TimeSpan MarkedAfter,
    int Tracked,
    IReadOnlyList<SessionMove> Moves,
    IReadOnlyList<RegionSecond> PerSecond,
    bool Complete,
    string? Unread = null)
{
    /// <summary>From the drill's start until the last tracked session was served by its new region.</summary>
    public TimeSpan? AllMovedAfter => Complete && Moves.Count > 0 ? Moves.Max(m => m.After) : Complete ? TimeSpan.Zero : null;
}

public sealed record SessionMove(string SessionId, string From, string To, TimeSpan After);

public sealed record RegionSecond(long UnixSecond, string Region, int Starts, int Heartbeats);
