using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.EdgeServer.Origin;

/// <summary>A title's published files as the grain index lists them, by path.</summary>
public sealed record TitleIndex(string TitleId, string JobId, IReadOnlyDictionary<string, AssetFile> Files);

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
        var index = assets is null ? null
            : new TitleIndex(titleId, assets.JobId, assets.Files.ToDictionary(f => f.Path, StringComparer.Ordinal));
        _titles[titleId] = (index, now);
        return index;
    }

    /// <summary>The indexes fetched so far (for what this edge holds).</summary>
    public IEnumerable<TitleIndex> Known => _titles.Values.Select(v => v.Index).OfType<TitleIndex>();
}
