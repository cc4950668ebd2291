using Orleans.Netflix.Analytics;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// The dev default's analytics log (key <see cref="AnalyticsKeys.Main"/>): one activation holds the events in memory, so
/// every silo of a cluster without a database writes to and reads from the same log. Lost when its silo stops.
/// </summary>
[Alias("netflix.IAnalyticsLogGrain")]
public interface IAnalyticsLogGrain : IGrainWithStringKey
{
    [Alias("Append"), TrustedTierOnly]
    Task<int> Append(AnalyticsEvent[] events);

    [Alias("TitleStats")]
    Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow);

    [Alias("PlayCounts")]
    Task<MemberTitlePlays[]> PlayCounts();

    [Alias("Trending")]
    Task<TitlePlays[]> Trending(string region, DateTimeOffset since, int limit);
}
