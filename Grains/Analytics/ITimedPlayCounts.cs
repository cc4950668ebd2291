namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// A log that can say, with its play counts, when each member last started a title in it. Each region's log only
/// holds what happened in that region, so this time is what lets several regions' logs agree on the region of a
/// member's latest play (<see cref="AllRegionsAnalyticsStore"/>).
/// </summary>
public interface ITimedPlayCounts
{
    /// <summary><see cref="IAnalyticsStore.PlayCounts"/>, each row with the time of its member's latest play in this log.</summary>
    Task<IReadOnlyList<TimedMemberTitlePlays>> TimedPlayCounts(CancellationToken cancellationToken);
}

public readonly record struct TimedMemberTitlePlays(MemberTitlePlays Plays, DateTimeOffset MemberLatestAt);
