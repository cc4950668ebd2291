using Orleans.Netflix.Analytics;
using Orleans.Netflix.Grains.Analytics;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The analytics log of the browse benchmark's silo: play starts are kept (in a <see cref="MemoryAnalyticsStore"/>, for what
/// the model trains on and trending), everything else is counted by kind and let go, as a region's PostgreSQL log holds it
/// outside the silo. Every event still goes the whole way (publisher, stream, partition grains, writer); only where it ends
/// differs from a dev silo's in-memory log grain, which would keep millions of impressions in this process's heap, its
/// collector copying each one, which no region does.
/// </summary>
public sealed class CountingAnalyticsStore : IAnalyticsStore
{
    private readonly MemoryAnalyticsStore _plays = new();
    private long _impressions;
    private long _others;

    public long Impressions => Interlocked.Read(ref _impressions);

    public long Others => Interlocked.Read(ref _others);

    public async Task<int> Append(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
    {
        List<AnalyticsEvent>? plays = null;
        long impressions = 0, others = 0;
        foreach (var e in events)
        {
            if (e.Kind == AnalyticsEventKind.PlayStart) (plays ??= []).Add(e);
            else if (e.Kind == AnalyticsEventKind.Impression) impressions++;
            else others++;
        }
        Interlocked.Add(ref _impressions, impressions);
        Interlocked.Add(ref _others, others);
        var stored = plays is null ? 0 : await _plays.Append(plays, cancellationToken);
        return stored + (int)(impressions + others);
    }

    public Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow, CancellationToken cancellationToken) =>
        _plays.TitleStats(titleId, takeWindow, cancellationToken);

    public Task<IReadOnlyList<MemberTitlePlays>> PlayCounts(CancellationToken cancellationToken) => _plays.PlayCounts(cancellationToken);

    public Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        _plays.Trending(region, since, limit, cancellationToken);
}
