using Orleans.Netflix.Analytics;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>A <see cref="MemoryAnalyticsStore"/> in one activation that idle collection never takes (see <see cref="IAnalyticsLogGrain"/>).</summary>
[KeepAlive]
[GrainType("analytics-log")]
public sealed class AnalyticsLogGrain : Grain, IAnalyticsLogGrain
{
    private readonly MemoryAnalyticsStore _store = new();

    public Task<int> Append(AnalyticsEvent[] events) => _store.Append(events, CancellationToken.None);

    public Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow) => _store.TitleStats(titleId, takeWindow, CancellationToken.None);

    public async Task<MemberTitlePlays[]> PlayCounts() => [.. await _store.PlayCounts(CancellationToken.None)];

    public async Task<TitlePlays[]> Trending(string region, DateTimeOffset since, int limit) =>
        [.. await _store.Trending(region, since, limit, CancellationToken.None)];
}
