using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.EdgeServer.Origin;

/// <summary>
/// A title's published files as the grain index lists them, by path; its master playlist's path; and the
/// height of each video rendition by the folder its files are in (for tokens that cap the height).
/// </summary>
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
/// The edge's local copy of the grain index (<see cref="ITitleAssetsGrain"/>): asked once per title per
/// <see cref="EdgeOptions.IndexTtl"/>, not once per segment; a title with nothing published is
/// remembered as such for a few seconds, so a flood of requests for it does not reach the grains.
/// </summary>
public sealed class AssetIndex(IGrainFactory grains, IOptions<EdgeOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan MissingTtl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (TitleIndex? Index, DateTimeOffset FetchedAt)> _titles = new(StringComparer.Ordinal);

    /// <summary>The title's index, or null when it has nothing published.</summary>
    public async Task<TitleIndex?> GetAsync(string titleId)
    {
        var now = clock.GetUtcNow();
        if (_titles.TryGetValue(titleId, out var known) && now - known.FetchedAt < (known.Index is null ? MissingTtl : options.Value.IndexTtl))
            return known.Index;
        var assets = await grains.GetGrain<ITitleAssetsGrain>(titleId).Get();
        var index = assets is null ? null : TitleIndex.From(assets);
        _titles[titleId] = (index, now);
        if (index is not null && (known.Index is null || !SameFiles(known.Index, index))) Indexed?.Invoke(index);
        return index;
    }

    /// <summary>Raised when a title's files are first learned or change (a republish): the nginx data plane maps their paths.</summary>
    public event Action<TitleIndex>? Indexed;

    private static bool SameFiles(TitleIndex a, TitleIndex b) =>
        a.Files.Count == b.Files.Count && a.Files.All(f => b.Files.TryGetValue(f.Key, out var other) && other.Sha256 == f.Value.Sha256);

    /// <summary>The indexes fetched so far (for what this edge holds).</summary>
    public IEnumerable<TitleIndex> Known => _titles.Values.Select(v => v.Index).OfType<TitleIndex>();
}
