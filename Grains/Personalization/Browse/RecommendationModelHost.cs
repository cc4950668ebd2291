using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Grains.Personalization.Recommendations;

namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>
/// The silo's copy of the recommender, shared by every <see cref="RecommendationsGrain"/> on it. Trained from the
/// analytics log's play starts (every region's where their databases are configured: <see cref="AllRegionsAnalyticsStore"/>,
/// so each region trains the same model) over the catalog's titles, on the thread pool, never inside a grain turn. A browse that
/// finds the model older than <see cref="BrowseOptions.RetrainEvery"/> starts one retraining in the background and is
/// answered by the current model; only the very first browse waits. If the log cannot be read, the current model
/// stays (or, with none yet, one trained on no plays: catalog popularity for everyone).
/// </summary>
public sealed class RecommendationModelHost(
    IGrainFactory grains,
    IAnalyticsStore store,
    IOptions<BrowseOptions> options,
    TimeProvider clock,
    ILogger<RecommendationModelHost> logger)
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Task<IReadOnlyList<TitlePlays>> Titles)> _trending = new(StringComparer.Ordinal);
    private RecommendationModel? _current;
    private Task<RecommendationModel>? _training;

    public RecommendationModel? Current => Volatile.Read(ref _current);

    public Task<RecommendationModel> GetAsync()
    {
        var current = Current;
        if (current is null) return Retrain();
        if (clock.GetUtcNow() - current.TrainedAt >= options.Value.RetrainEvery) _ = Retrain();
        return Task.FromResult(current);
    }

    /// <summary>Starts a retraining unless one runs already; the task gives the model it produced.</summary>
    public Task<RecommendationModel> Retrain()
    {
        lock (_gate)
        {
            if (_training is { IsCompleted: false } running) return running;
            return _training = Task.Run(TrainAsync);
        }
    }

    /// <summary>The titles most started in a region lately (cached briefly); empty when the log cannot be read.</summary>
    public Task<IReadOnlyList<TitlePlays>> TrendingAsync(string region)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        if (_trending.TryGetValue(region, out var cached) && now - cached.At < o.TrendingCacheFor && !cached.Titles.IsFaulted) return cached.Titles;
        var fresh = ReadTrending(region, now - o.TrendingWindow, o.MaxTitles * 2);
        _trending[region] = (now, fresh);
        return fresh;
    }

    private async Task<IReadOnlyList<TitlePlays>> ReadTrending(string region, DateTimeOffset since, int limit)
    {
        try
        {
            return await store.Trending(region, since, limit, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Trending for {Region} could not be read; the row is left out", region);
            return [];
        }
    }

    private async Task<RecommendationModel> TrainAsync()
    {
        var previous = Current;
        var catalog = new CatalogSnapshot(await grains.GetGrain<ICatalogGrain>(CatalogKeys.Main).All());
        IReadOnlyList<MemberTitlePlays> plays;
        try
        {
            plays = await store.PlayCounts(CancellationToken.None);
        }
        catch (Exception e) when (previous is not null)
        {
            logger.LogWarning(e, "The analytics log could not be read; keeping model version {Version}", previous.Version);
            return Publish(previous with { TrainedAt = clock.GetUtcNow() });
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The analytics log could not be read; serving catalog popularity until it can");
            plays = [];
        }

        var total = plays.Sum(p => (long)p.Plays);
        if (previous is not null && previous.Plays == total && previous.Catalog.Count == catalog.Count)
            return Publish(previous with { TrainedAt = clock.GetUtcNow() });

        var watch = Stopwatch.StartNew();
        var feedback = new ImplicitFeedback(catalog.ById.Keys);
        var regionOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in plays)
        {
            feedback.Add(p.MemberId, p.TitleId, p.Plays);
            regionOf[p.MemberId] = p.Region;
        }
        var membersByRegion = regionOf.GroupBy(kv => kv.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)[.. g.Select(kv => kv.Key)], StringComparer.Ordinal);
        var model = ItemItemModel.Train(feedback, membersByRegion: membersByRegion);
        var trained = new RecommendationModel(model, catalog, (previous?.Version ?? 0) + 1, clock.GetUtcNow(), total,
            feedback.PlaysByMember.Count, watch.Elapsed);
        logger.LogInformation("Recommendation model {Version} trained on {Plays} plays by {Members} members over {Titles} titles in {Elapsed} ms",
            trained.Version, total, trained.Members, catalog.Count, (int)watch.ElapsedMilliseconds);
        return Publish(trained);
    }

    private RecommendationModel Publish(RecommendationModel model)
    {
        Volatile.Write(ref _current, model);
        return model;
    }
}
