using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media.Copies;

[GenerateSerializer, Alias("netflix.OriginHoldingsState")]
public sealed class OriginHoldingsState
{
    [Id(0)] public Dictionary<string, OriginHolding> Titles { get; set; } = new(StringComparer.Ordinal);
}

[GrainType("origin-holdings")]
public sealed class OriginHoldingsGrain(
    [PersistentState(StorageNames.OriginHoldingsState, StorageNames.ReplicatedStore)] IPersistentState<OriginHoldingsState> state,
    SiloRegion region) : Grain, IOriginHoldingsGrain
{
    public Task<OriginHolding?> Get(string titleId) => Task.FromResult(state.State.Titles.GetValueOrDefault(titleId));

    public Task<OriginHolding[]> All() => Task.FromResult(state.State.Titles.Values.ToArray());

    public async Task Record(OriginHolding holding)
    {
        ArgumentNullException.ThrowIfNull(holding);
        var holder = this.GetPrimaryKeyString();
        // One writer per region's holdings keeps replicated copies free of conflicts.
        if (holder != region.Name) throw new InvalidOperationException($"what {holder} holds is recorded only in {holder}, not in {region.Name}");
        // A copy's progress report can reach here after the copy's last word; the later one stands.
        if (state.State.Titles.TryGetValue(holding.TitleId, out var known) && known.UpdatedAt > holding.UpdatedAt) return;
        state.State.Titles[holding.TitleId] = holding;
        await state.WriteOrRollBackAsync();
    }
}
