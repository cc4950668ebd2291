using Microsoft.Extensions.Logging;
using Orleans.Netflix.Analytics;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// The analytics log as recommendations must read it: every region's. Each region writes its own log, so a model
/// trained on one region's log alone would give a member a different home screen in each region, and an evacuated
/// member would see other rows. <see cref="PlayCounts"/> and <see cref="Trending"/> sum every readable log. Appends and <see cref="TitleStats"/> stay on this
/// region's log: events belong where they happened, and title stats are an operator's view of the region.
/// </summary>
public sealed class AllRegionsAnalyticsStore(
    string home,
    IAnalyticsStore own,
    IReadOnlyDictionary<string, IAnalyticsStore> others,
    ILogger<AllRegionsAnalyticsStore> logger,
    TimeSpan? otherRegionTimeout = null) : IAnalyticsStore, IAsyncDisposable
{
    /// <summary>
    /// How long a home screen waits for another region's trending list. A database that is unreachable rather than
    /// refusing would otherwise hold every browse waiting on the cached read for the whole connect timeout.
    /// </summary>
    public static readonly TimeSpan DefaultOtherRegionTimeout = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _timeout = otherRegionTimeout ?? DefaultOtherRegionTimeout;

    public Task<int> Append(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken) => own.Append(events, cancellationToken);

    public Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow, CancellationToken cancellationToken) =>
        own.TitleStats(titleId, takeWindow, cancellationToken);

    /// <summary>
    /// Every readable region's plays, summed per member and title; a region that cannot be read is left out (with a
    /// warning) rather than leaving everyone without a new model. Only when no log can be read does this fail.
    /// </summary>
    public async Task<IReadOnlyList<MemberTitlePlays>> PlayCounts(CancellationToken cancellationToken)
    {
        var logs = await Task.WhenAll(Logs().Select(async log =>
        {
            try
            {
                return (log.Region, Plays: await ReadPlays(log.Store, cancellationToken), Error: (Exception?)null);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return (log.Region, Plays: (IReadOnlyList<TimedMemberTitlePlays>?)null, Error: e);
            }
        }));
        if (logs.All(l => l.Error is not null))
            throw new AggregateException("no region's analytics log could be read", logs.Select(l => l.Error!));
        foreach (var failed in logs.Where(l => l.Error is not null))
            logger.LogWarning(failed.Error, "The analytics log of {Region} could not be read; recommendations train on the other regions' plays", failed.Region);
        return RegionPlays.Merge(logs.Where(l => l.Plays is not null).Select(l => l.Plays!));
    }

    /// <summary>
    /// The plays stamped with <paramref name="region"/> in every readable log, summed per title: normally only that region's
    /// own log holds them, but plays imported elsewhere (a seed, a backfill) carry their own region too. A log that does not
    /// answer within the timeout is left out; only when none answers does this fail (the home screen then leaves the row out).
    /// </summary>
    public async Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(Logs().Select(async log =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            try
            {
                return (log.Region, Plays: await log.Store.Trending(region, since, limit, timeout.Token), Error: (Exception?)null);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var error = e is OperationCanceledException ? new TimeoutException($"the analytics log of {log.Region} did not answer within {_timeout.TotalSeconds:0.#} s", e) : e;
                return (log.Region, Plays: (IReadOnlyList<TitlePlays>?)null, Error: error);
            }
        }));
        if (lists.All(l => l.Error is not null))
            throw new AggregateException($"no region's analytics log could be read for trending in {region}", lists.Select(l => l.Error!));
        foreach (var failed in lists.Where(l => l.Error is not null))
            logger.LogWarning(failed.Error, "The analytics log of {Region} could not be read; trending leaves its plays out", failed.Region);
        return [.. lists.Where(l => l.Plays is not null).SelectMany(l => l.Plays!)
            .GroupBy(p => p.TitleId, StringComparer.Ordinal)
            .Select(g => new TitlePlays(g.Key, g.Sum(p => p.Plays)))
            .OrderByDescending(p => p.Plays).ThenBy(p => p.TitleId, StringComparer.Ordinal)
            .Take(limit)];
    }

    private IEnumerable<(string Region, IAnalyticsStore Store)> Logs() =>
        others.Select(o => (o.Key, o.Value)).Prepend((home, own));

    /// <summary>A log that cannot date its members' latest plays (the in-memory dev log) counts them as oldest.</summary>
    private static async Task<IReadOnlyList<TimedMemberTitlePlays>> ReadPlays(IAnalyticsStore store, CancellationToken cancellationToken) =>
        store is ITimedPlayCounts timed
            ? await timed.TimedPlayCounts(cancellationToken)
            : [.. (await store.PlayCounts(cancellationToken)).Select(p => new TimedMemberTitlePlays(p, DateTimeOffset.MinValue))];

    public async ValueTask DisposeAsync()
    {
        foreach (var store in others.Values.Prepend(own).OfType<IAsyncDisposable>()) await store.DisposeAsync();
    }
}
