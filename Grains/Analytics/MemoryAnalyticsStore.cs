using Orleans.Netflix.Analytics;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// The analytics log in memory (the dev default, through <see cref="AnalyticsLogGrain"/>, and for tests): thread-safe,
/// idempotent by event id, with the same counting rules as <see cref="PostgresAnalyticsStore"/>.
/// </summary>
public sealed class MemoryAnalyticsStore : IAnalyticsStore
{
    private readonly Lock _lock = new();
    private readonly HashSet<Guid> _ids = [];
    private readonly Dictionary<string, List<AnalyticsEvent>> _byTitle = new(StringComparer.Ordinal);
    private readonly List<AnalyticsEvent> _playStarts = [];

    public int Count
    {
        get
        {
            lock (_lock) return _ids.Count;
        }
    }

    public Task<int> Append(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var added = 0;
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (!_ids.Add(e.EventId)) continue;
                if (!_byTitle.TryGetValue(e.TitleId, out var title)) _byTitle[e.TitleId] = title = [];
                title.Add(e);
                if (e.Kind == AnalyticsEventKind.PlayStart) _playStarts.Add(e);
                added++;
            }
        }
        return Task.FromResult(added);
    }

    public Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow, CancellationToken cancellationToken)
    {
        AnalyticsEvent[] events;
        lock (_lock) events = _byTitle.TryGetValue(titleId, out var title) ? [.. title] : [];
        return Task.FromResult(TitleCounters.Of(titleId, events, takeWindow));
    }

    public Task<IReadOnlyList<MemberTitlePlays>> PlayCounts(CancellationToken cancellationToken)
    {
        AnalyticsEvent[] plays;
        lock (_lock) plays = [.. _playStarts];
        var latestRegion = plays.GroupBy(p => p.MemberId, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => g.OrderByDescending(p => p.At).ThenByDescending(p => p.Region, StringComparer.Ordinal).First().Region, StringComparer.Ordinal);
        IReadOnlyList<MemberTitlePlays> counts = plays
            .GroupBy(p => (p.MemberId, p.TitleId))
            .Select(g => new MemberTitlePlays(g.Key.MemberId, g.Key.TitleId, latestRegion[g.Key.MemberId], g.Count()))
            .OrderBy(p => p.MemberId, StringComparer.Ordinal).ThenBy(p => p.TitleId, StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(counts);
    }

    public Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        AnalyticsEvent[] plays;
        lock (_lock) plays = [.. _playStarts.Where(p => p.Region == region && p.At >= since)];
        IReadOnlyList<TitlePlays> trending = plays
            .GroupBy(p => p.TitleId, StringComparer.Ordinal)
            .Select(g => new TitlePlays(g.Key, g.Count()))
            .OrderByDescending(t => t.Plays).ThenBy(t => t.TitleId, StringComparer.Ordinal)
            .Take(Math.Max(0, limit))
            .ToArray();
        return Task.FromResult(trending);
    }
}
