using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

[GenerateSerializer, Alias("netflix.TitleAssetsState")]
public sealed class TitleAssetsState
{
    [Id(0)] public TitleAssets? Assets { get; set; }
}

[GrainType("title-assets")]
public sealed class TitleAssetsGrain(
    [PersistentState(StorageNames.TitleAssetsState, StorageNames.Store)] IPersistentState<TitleAssetsState> state) : Grain, ITitleAssetsGrain
{
    public async Task Publish(TitleAssets assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        if (assets.TitleId != this.GetPrimaryKeyString()) throw new ArgumentException("assets belong to another title", nameof(assets));
        if (assets.Files.Select(f => f.Path).Distinct().Count() != assets.Files.Length) throw new ArgumentException("a file is listed twice", nameof(assets));
        state.State.Assets = assets;
        await state.WriteOrRollBackAsync();
    }

    public Task<TitleAssets?> Get() => Task.FromResult(state.State.Assets);

    public Task<string?> MasterPlaylist() => Task.FromResult(state.State.Assets?.MasterPlaylist);
}
