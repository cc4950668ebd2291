using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Media.Copies;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Media;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Media;

[GenerateSerializer, Alias("netflix.TitleAssetsState")]
public sealed class TitleAssetsState
{
    [Id(0)] public TitleAssets? Assets { get; set; }
}

[GrainType("title-assets")]
public sealed class TitleAssetsGrain(
    [PersistentState(StorageNames.TitleAssetsState, StorageNames.ReplicatedStore)] IPersistentState<TitleAssetsState> state,
    SiloRegion region,
    RegionDirectory regions,
    TimeProvider clock) : Grain, ITitleAssetsGrain
{
    public async Task Publish(TitleAssets assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        if (assets.TitleId != this.GetPrimaryKeyString()) throw new ArgumentException("assets belong to another title", nameof(assets));
        if (assets.Files.Select(f => f.Path).Distinct().Count() != assets.Files.Length) throw new ArgumentException("a file is listed twice", nameof(assets));
        foreach (var file in assets.Files)
        {
            if (!file.Path.StartsWith(assets.Folder(), StringComparison.Ordinal) || file.Path.Split('/').Any(p => p is "" or "." or ".." || p.StartsWith('.')))
                throw new ArgumentException($"file '{file.Path}' is not inside the title's folder '{assets.Folder()}'", nameof(assets));
        }
        // What this region holds first: a region never indexes media as its own before saying it has the bytes.
        var now = clock.GetUtcNow();
        await GrainFactory.GetGrain<IOriginHoldingsGrain>(region.Name).Record(new OriginHolding(assets.TitleId, assets.JobId, MediaCopyState.Complete,
            CopiedFrom: null, assets.Files.Length, assets.Files.Length, assets.Files.Sum(f => f.Bytes), assets.Files.Sum(f => f.Bytes), now, now));
        state.State.Assets = assets;
        await state.WriteOrRollBackAsync();
    }

    public Task<TitleAssets?> Get() => Task.FromResult(state.State.Assets);

    public Task<string?> MasterPlaylist() => Task.FromResult(state.State.Assets?.MasterPlaylist);

    public async Task<RegionMedia[]> Placement()
    {
        var titleId = this.GetPrimaryKeyString();
        var holdings = await Task.WhenAll(regions.All.Select(r => GrainFactory.GetGrain<IOriginHoldingsGrain>(r.Name).Get(titleId)));
        return [.. regions.All.Select((r, i) => MediaPlacement.Of(r.Name, state.State.Assets, holdings[i]))];
    }
}
