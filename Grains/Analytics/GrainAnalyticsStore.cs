using Orleans.Netflix.Analytics;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>The <see cref="IAnalyticsStore"/> a silo without a database uses: the cluster's <see cref="IAnalyticsLogGrain"/>.</summary>
public sealed class GrainAnalyticsStore(IGrainFactory grains) : IAnalyticsStore
{
    private IAnalyticsLogGrain Log => grains.GetGrain<IAnalyticsLogGrain>(AnalyticsKeys.Main);

    public Task<int> Append(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken) => Log.Append([.. events]);

    public Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow, CancellationToken cancellationToken) => Log.TitleStats(titleId, takeWindow);

    public async Task<IReadOnlyList<MemberTitlePlays>> PlayCounts(CancellationToken cancellationToken) => await Log.PlayCounts();

    public async Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        await Log.Trending(region, since, limit);
}
