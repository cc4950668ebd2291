using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Media.Copies;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Catalog;

/// <summary>
/// What a play needs to know of a title: the title (null when unknown) and, when it is playable in this region, its media;
/// when it is published but this region's origin does not hold all of it yet, where its copy stands here.
/// </summary>
public sealed record PlayableTitle(TitleView? Title, TitleAssets? Assets, RegionMedia? NotHereYet = null);

/// <summary>
/// This silo's short-lived copy of the titles being played: every press of play reads the title and its media,
/// which change only when a title is re-rated, published or withdrawn, from two grains that every play of a
/// popular title would queue on. A playable title is kept for <see cref="PlayableTitlesOptions.CacheFor"/>;
/// an unknown or unplayable one is read again on every ask, so a title becomes playable everywhere the moment
/// it is published. Concurrent asks for the same title share one read.
/// </summary>
public sealed class PlayableTitles(IGrainFactory grains, SiloRegion region, IOptions<PlayableTitlesOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(Task<PlayableTitle> Read, long ReadAt);

    /// <summary>The title and, when it is playable, its published media.</summary>
    public Task<PlayableTitle> GetAsync(string titleId)
    {
        if (options.Value.CacheFor <= TimeSpan.Zero) return ReadAsync(titleId);
        if (Fresh(titleId) is { } known) return known.Read;

        var read = new TaskCompletionSource<PlayableTitle>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = new Entry(read.Task, clock.GetTimestamp());
        _entries[titleId] = entry; // in place before the read starts, so concurrent asks share it
        _ = ReadIntoAsync(titleId, entry, read);
        return read.Task;
    }

    private async Task ReadIntoAsync(string titleId, Entry entry, TaskCompletionSource<PlayableTitle> read)
    {
        try
        {
            var title = await ReadAsync(titleId);
            if (title.Assets is null) Forget(titleId, entry);
            read.SetResult(title);
        }
        catch (Exception e)
        {
            Forget(titleId, entry);
            read.SetException(e);
        }
    }

    /// <summary>The master playlist of the title's published media, from a playable title kept here, else from its index.</summary>
    public async Task<string?> MasterPlaylistAsync(string titleId)
    {
        if (Fresh(titleId) is { Read.IsCompletedSuccessfully: true } known && known.Read.Result.Assets is { } assets) return assets.MasterPlaylist;
        return await grains.GetGrain<ITitleAssetsGrain>(titleId).MasterPlaylist();
    }

    /// <summary>The entry for the title read (or being read) within the period, if any.</summary>
    private Entry? Fresh(string titleId) =>
        _entries.TryGetValue(titleId, out var entry) && clock.GetElapsedTime(entry.ReadAt) < options.Value.CacheFor ? entry : null;

    private async Task<PlayableTitle> ReadAsync(string titleId)
    {
        var title = await grains.GetGrain<ITitleGrain>(titleId).Get();
        var assets = title?.Availability == TitleAvailability.Playable ? await grains.GetGrain<ITitleAssetsGrain>(titleId).Get() : null;
        if (assets is null) return new PlayableTitle(title, null);
        // Published media plays here only once this region's origin holds every file of it.
        var holding = await grains.GetGrain<IOriginHoldingsGrain>(region.Name).Get(titleId);
        return holding.Serves(assets) ? new PlayableTitle(title, assets) : new PlayableTitle(title, null, MediaPlacement.Of(region.Name, assets, holding));
    }

    private void Forget(string titleId, Entry entry) => _entries.TryRemove(new KeyValuePair<string, Entry>(titleId, entry));
}
