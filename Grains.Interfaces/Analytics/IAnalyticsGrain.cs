using Orleans.Netflix.Common;

namespace Orleans.Netflix.Analytics;

/// <summary>
/// Reads of the analytics log (key: <see cref="AnalyticsKeys.Main"/>): counters per title and per artwork variant.
/// Writes go through the stream (<see cref="AnalyticsStreams"/>), or <see cref="Import"/> for bulk history.
/// </summary>
[Alias("netflix.IAnalyticsGrain")]
public interface IAnalyticsGrain : INetflixGrain
{
    /// <summary>Counters for a title; all zero for a title with no events (the log does not know the catalog).</summary>
    [Alias("TitleStats")]
    Task<TitleStats> TitleStats(string titleId);

    /// <summary>Appends events straight to the log (seeded history); an event already stored is skipped. Returns how many were new.</summary>
    [Alias("Import"), TrustedTierOnly]
    Task<int> Import(AnalyticsEvent[] events);

    /// <summary>Waits until every event this silo has received so far is in the store.</summary>
    [Alias("Flush")]
    Task Flush();
}

public static class AnalyticsKeys
{
    public const string Main = "main";
}
