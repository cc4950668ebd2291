using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.EdgeServer.Origin;

/// <summary>
/// A title's published files as the grain index lists them, by path; its master playlist's path; and the
/// height of each video rendition by the folder its files are in (for tokens that cap the height).
/// </summary>
/// <remarks>Immutable, so <see cref="HybridCache"/> hands out the instance it holds instead of a copy per call.</remarks>
[ImmutableObject(true)]
public sealed record TitleIndex(string TitleId, string JobId, IReadOnlyDictionary<string, AssetFile> Files, string MasterPlaylist,
    IReadOnlyDictionary<string, int> VideoHeightByFolder)
{
    /// <summary>True when the path is a file of a video rendition taller than <paramref name="maxHeight"/>.</summary>
    public bool IsTallerThan(string path, int maxHeight) =>
        VideoHeightByFolder.Any(v => v.Value > maxHeight && path.StartsWith(v.Key, StringComparison.Ordinal));

    public static TitleIndex From(TitleAssets assets)
    {
        var heights = assets.Video
            .Where(v => v.Playlist.Contains('/'))
            .ToDictionary(v => assets.FolderOf(v), v => v.Rendition.Height, StringComparer.Ordinal);
        return new TitleIndex(assets.TitleId, assets.JobId, assets.Files.ToDictionary(f => f.Path, StringComparer.Ordinal), assets.MasterPlaylist, heights);
    }
}

/// <summary>
/// The edge's local copy of the grain index (<see cref="ITitleAssetsGrain"/>), held in a <see cref="HybridCache"/>: asked
/// once per title per <see cref="EdgeOptions.IndexTtl"/>, not once per segment, and concurrent misses for one title share
/// a single grain call; a title with nothing published is remembered as such for a few seconds, so a flood of requests
/// for it does not reach the grains.
/// </summary>
public sealed class AssetIndex(HybridCache cache, IGrainFactory grains, IOptions<EdgeOptions> options)
{
    private static readonly HybridCacheEntryOptions MissingEntry = new() { Expiration = MissingTtl, LocalCacheExpiration = MissingTtl };
    private static TimeSpan MissingTtl => TimeSpan.FromSeconds(5);

    // The latest index of each published title: what the edge holds is judged against these, and a change is announced.
    private readonly ConcurrentDictionary<string, TitleIndex> _known = new(StringComparer.Ordinal);

    /// <summary>The title's index, or null when it has nothing published.</summary>
    public async Task<TitleIndex?> GetAsync(string titleId)
    {
        var fetchedHere = false;
        var ttl = options.Value.IndexTtl;
        var index = await cache.GetOrCreateAsync<TitleIndex?>($"title-index:{titleId}", async _ =>
        {
            fetchedHere = true;
            return await FetchAsync(titleId);
        }, new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl });
        // Only the caller whose call reached the grain shortens the entry: callers that found it cached leave it alone.
        if (fetchedHere && index is null) await cache.SetAsync<TitleIndex?>($"title-index:{titleId}", null, MissingEntry);
        return index;
    }

    /// <summary>Raised when a title's files are first learned or change (a republish): the nginx data plane maps their paths.</summary>
    public event Action<TitleIndex>? Indexed;

    /// <summary>The indexes fetched so far (for what this edge holds).</summary>
    public IEnumerable<TitleIndex> Known => _known.Values;

    private async Task<TitleIndex?> FetchAsync(string titleId)
    {
        var assets = await grains.GetGrain<ITitleAssetsGrain>(titleId).Get();
        if (assets is null)
        {
            _known.TryRemove(titleId, out _);
            return null;
        }
        var index = TitleIndex.From(assets);
        var before = _known.GetValueOrDefault(titleId);
        _known[titleId] = index;
        if (before is null || !SameFiles(before, index)) Indexed?.Invoke(index);
        return index;
    }

    private static bool SameFiles(TitleIndex a, TitleIndex b) =>
        a.Files.Count == b.Files.Count && a.Files.All(f => b.Files.TryGetValue(f.Key, out var other) && other.Sha256 == f.Value.Sha256);
}
