using Orleans.Netflix.Analytics;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// The append-only analytics log: PostgreSQL in production, memory for the dev default. Appends are idempotent by
/// event id. Reads aggregate over the log (counters per title and artwork; play counts that train recommendations).
/// </summary>
public interface IAnalyticsStore
{
    /// <summary>Stores the events not stored yet (by <see cref="AnalyticsEvent.EventId"/>); returns how many were new.</summary>
    Task<int> Append(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Counters for one title; an artwork impression counts as taken when the same member started the title within
    /// <paramref name="takeWindow"/> after it.
    /// </summary>
    Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow, CancellationToken cancellationToken);

    /// <summary>Play starts per member and title (what recommendations train on), with the region of the member's latest play.</summary>
    Task<IReadOnlyList<MemberTitlePlays>> PlayCounts(CancellationToken cancellationToken);

    /// <summary>The titles most started in <paramref name="region"/> since <paramref name="since"/>, most first.</summary>
    Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken);
}

[GenerateSerializer, Immutable, Alias("netflix.MemberTitlePlays")]
public readonly record struct MemberTitlePlays(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string TitleId,
    [property: Id(2)] string Region,
    [property: Id(3)] int Plays);

[GenerateSerializer, Immutable, Alias("netflix.TitlePlays")]
public readonly record struct TitlePlays([property: Id(0)] string TitleId, [property: Id(1)] long Plays);
