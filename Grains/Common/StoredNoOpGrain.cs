using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Common;

[GrainType("stored-noop")]
public sealed class StoredNoOpGrain(
    [PersistentState(StorageNames.StoredNoOpState, StorageNames.ReplicatedStore)] IPersistentState<StoredNoOpState> state) : Grain, IStoredNoOpGrain
{
    public Task Store()
    {
        state.State.Calls++;
        return state.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("netflix.StoredNoOpState")]
public sealed class StoredNoOpState
{
    [Id(0)] public int Calls { get; set; }
}
