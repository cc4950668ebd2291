using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Regions;

namespace Orleans.Netflix.Grains.Catalog;

[GrainType("catalog-shard")]
public sealed class CatalogShardGrain(
    [PersistentState(StorageNames.CatalogShardState, StorageNames.ReplicatedStore)] IPersistentState<CatalogShardState> state,
    SiloRegion region) : Grain, ICatalogShardGrain
{
    public async Task<long> Upsert(CatalogEntry[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var writer = CatalogShardKeys.RegionOf(this.GetPrimaryKeyString());
        // One writer per shard is what keeps replicated copies free of conflicts.
        if (writer != region.Name) throw new InvalidOperationException($"the catalog shard of {writer} is written only in {writer}, not in {region.Name}");
        foreach (var entry in entries) state.State.Titles[entry.Title.TitleId] = entry;
        state.State.Version++;
        await state.WriteOrRollBackAsync();
        return state.State.Version;
    }

    public Task<long> Version() => Task.FromResult(state.State.Version);

    public Task<CatalogShardSnapshot> Snapshot() =>
        Task.FromResult(new CatalogShardSnapshot(CatalogShardKeys.RegionOf(this.GetPrimaryKeyString()), state.State.Version, [.. state.State.Titles.Values]));
}
