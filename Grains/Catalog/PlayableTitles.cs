using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Media.Copies;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Catalog;

/// <summary>
/// What a play needs to know of a title: the title (null when unknown) and, when it is playable in this region, its media;
/// when it is published but this region's origin does not hold all of it yet, where its copy stands here.
/// Immutable, so the cache hands every ask the one instance it read rather than a copy.
/// </summary>
[ImmutableObject(true)]
public sealed record PlayableTitle(TitleView? Title, TitleAssets? Assets, RegionMedia? NotHereYet = null);

/// <summary>
/// This silo's short-lived copy of the titles being played: every press of play reads the title and its media,
/// which change only when a title is re-rated, published or withdrawn, from two grains that every play of a
/// popular title would queue on. A playable title is kept in the silo's <see cref="HybridCache"/> (in memory) for
/// <see cref="PlayableTitlesOptions.CacheFor"/>; an unknown or unplayable one is read again on every ask, so a title
/// becomes playable everywhere the moment it is published. Concurrent asks for the same title share one read.
/// </summary>
public sealed class PlayableTitles(IGrainFactory grains, SiloRegion region, IOptions<PlayableTitlesOptions> options, HybridCache cache)
{
    /// <summary>Only what the cache holds now: no read, nothing written.</summary>
    private static readonly HybridCacheEntryOptions Peek = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCache,
    };

    private readonly HybridCacheEntryOptions _keep = new()
    {
        Expiration = options.Value.CacheFor,
        LocalCacheExpiration = options.Value.CacheFor,
        Flags = HybridCacheEntryFlags.DisableDistributedCache, // a silo's own copy: another silo's would be no fresher
    };

    /// <summary>The title and, when it is playable, its published media.</summary>
    public async Task<PlayableTitle> GetAsync(string titleId)
    {
        if (options.Value.CacheFor <= TimeSpan.Zero) return await ReadAsync(titleId);
        var title = await cache.GetOrCreateAsync(Key(titleId), (Titles: this, TitleId: titleId),
            static (s, _) => new ValueTask<PlayableTitle>(s.Titles.ReadAsync(s.TitleId)), _keep);
        if (title.Assets is null) await cache.RemoveAsync(Key(titleId)); // unknown or not playable here: read again on the next ask
        return title;
    }

    /// <summary>The master playlist of the title's published media, from a playable title kept here, else from its index.</summary>
    public async Task<string?> MasterPlaylistAsync(string titleId)
    {
        if (options.Value.CacheFor > TimeSpan.Zero
            && await cache.GetOrCreateAsync<PlayableTitle?>(Key(titleId), static _ => default, Peek) is { Assets: { } assets })
            return assets.MasterPlaylist;
        return await grains.GetGrain<ITitleAssetsGrain>(titleId).MasterPlaylist();
    }

    private static string Key(string titleId) => $"playable-title:{titleId}";

    private async Task<PlayableTitle> ReadAsync(string titleId)
    {
        var title = await grains.GetGrain<ITitleGrain>(titleId).Get();
        var assets = title?.Availability == TitleAvailability.Playable ? await grains.GetGrain<ITitleAssetsGrain>(titleId).Get() : null;
        if (assets is null) return new PlayableTitle(title, null);
        // Published media plays here only once this region's origin holds every file of it.
        var holding = await grains.GetGrain<IOriginHoldingsGrain>(region.Name).Get(titleId);
        return holding.Serves(assets) ? new PlayableTitle(title, assets) : new PlayableTitle(title, null, MediaPlacement.Of(region.Name, assets, holding));
    }
}
