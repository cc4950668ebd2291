using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Members;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Catalog;

/// <summary>
/// A region's browse index over every region's catalog: titles written here go to this region's shard
/// (<see cref="ICatalogShardGrain"/>), which replication copies everywhere; every shard is merged here, title by
/// title (<see cref="CatalogEntry.Supersedes"/>), so each region browses the same catalog wherever a title was
/// imported. The index is rebuilt from the shards on activation and whenever a shard's version moves.
/// </summary>
[GrainType("catalog")]
public sealed class CatalogGrain(SiloRegion region, RegionDirectory regions, IOptions<CatalogOptions> options, TimeProvider clock, ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    private readonly Dictionary<string, CatalogShardSnapshot> _shards = new(StringComparer.Ordinal);
    private Dictionary<string, TitleSummary> _titles = new(StringComparer.Ordinal);
    private CatalogIndex? _index;

    private CatalogIndex Index => _index ??= new CatalogIndex(_titles.Values);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var shards = await Task.WhenAll(regions.All.Select(r => Shard(r.Name).Snapshot()));
        foreach (var shard in shards) _shards[shard.Region] = shard;
        Merge();
        this.RegisterGrainTimer(RefreshAsync, options.Value.RefreshEvery, options.Value.RefreshEvery);
    }

    public async Task<int> Upsert(TitleView[] titles)
    {
        ArgumentNullException.ThrowIfNull(titles);
        if (titles.Length > CatalogLimits.MaxImportBatch)
            throw new ArgumentException($"at most {CatalogLimits.MaxImportBatch} titles per batch", nameof(titles));
        foreach (var title in titles) GrainKeys.Validate(title.TitleId, "title");

        var now = clock.GetUtcNow();
        var entries = titles.Select(t => CatalogEntry.From(t, now)).ToArray();
        var version = await Shard(region.Name).Upsert(entries);
        var own = _shards.GetValueOrDefault(region.Name)?.Titles.ToDictionary(e => e.Title.TitleId, StringComparer.Ordinal)
                  ?? new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        foreach (var entry in entries) own[entry.Title.TitleId] = entry;
        _shards[region.Name] = new CatalogShardSnapshot(region.Name, version, [.. own.Values]);
        Merge();
        return _titles.Count;
    }

    public Task<CatalogPage> Browse(BrowseQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.FromResult(Index.Browse(query));
    }

    public async Task<CatalogPage> BrowseForMember(string memberId, string? genre, int page, int pageSize)
    {
        GrainKeys.Validate(memberId, "member");
        var member = await GrainFactory.GetGrain<IMemberGrain>(memberId).Get()
                     ?? throw new NotFoundException("member", memberId);
        var thumbsDown = member.Ratings.Where(r => r.Thumb == Thumb.Down).Select(r => r.TitleId).ToArray();
        return Index.Browse(new BrowseQuery(genre, member.Profile.MaturityLimit, page, pageSize, thumbsDown));
    }

    public Task<TitleSummary[]> Search(string text, MaturityRating maturityLimit, int maxResults)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 200) throw new ArgumentException("search text is longer than 200 characters", nameof(text));
        return Task.FromResult(Index.Search(text, maturityLimit, maxResults));
    }

    public Task<TitleSummary[]> All() => Task.FromResult(_titles.Values.ToArray());

    public Task<GenreCount[]> Genres() => Task.FromResult(Index.Genres());

    public Task<int> Count() => Task.FromResult(Index.Count);

    /// <summary>Re-reads the shards whose version moved (a copy from another region, or a write by another silo's activation before a move).</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var changed = false;
        try
        {
            foreach (var name in regions.All.Select(r => r.Name))
            {
                var shard = Shard(name);
                if (_shards.TryGetValue(name, out var known) && await shard.Version() == known.Version) continue;
                _shards[name] = await shard.Snapshot();
                changed = true;
            }
        }
        catch (Exception e)
        {
            // Storage unreachable for now: browsing goes on from the shards already read; the next round tries again.
            logger.LogDebug(e, "Could not read every catalog shard; keeping the index as it is");
        }
        if (changed) Merge();
    }

    private void Merge()
    {
        var best = new Dictionary<string, (CatalogEntry Entry, string Region)>(StringComparer.Ordinal);
        foreach (var shard in _shards.Values)
        {
            foreach (var entry in shard.Titles)
            {
                if (!best.TryGetValue(entry.Title.TitleId, out var current) || entry.Supersedes(current.Entry, shard.Region, current.Region))
                    best[entry.Title.TitleId] = (entry, shard.Region);
            }
        }
        _titles = best.ToDictionary(b => b.Key, b => b.Value.Entry.Title, StringComparer.Ordinal);
        _index = null;
    }

    private ICatalogShardGrain Shard(string name) => GrainFactory.GetGrain<ICatalogShardGrain>(CatalogShardKeys.Of(name, this.GetPrimaryKeyString()));
}
