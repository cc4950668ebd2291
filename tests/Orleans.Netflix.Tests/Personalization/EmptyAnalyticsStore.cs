using Orleans.Netflix.Analytics;
using Orleans.Netflix.Grains.Analytics;

namespace Orleans.Netflix.Tests.Personalization;

/// <summary>
/// An analytics log that holds nothing, for a test silo whose production configuration registers no store yet: only added
/// when none is (TryAdd), so a real store wins.
/// </summary>
public sealed class EmptyAnalyticsStore : IAnalyticsStore
{
    public Task<int> Append(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow, CancellationToken cancellationToken) =>
        Task.FromResult(new TitleStats(titleId, 0, 0, 0, 0, 0, 0, 0, [], takeWindow));

    public Task<IReadOnlyList<MemberTitlePlays>> PlayCounts(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MemberTitlePlays>>([]);

    public Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TitlePlays>>([]);
}
