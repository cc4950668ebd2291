using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;

namespace Orleans.Netflix.Benchmarks.Baselines;

// The benchmarks' baselines live here, not in the product: the silo in this process finds them because this
// is the entry assembly, so no production silo ever hosts them.

/// <summary>A grain that does nothing: the baseline for measuring what a real call costs.</summary>
[Alias("netflix.bench.INoOpGrain")]
public interface INoOpGrain : INetflixGrain
{
    [Alias("Ping")]
    Task Ping();
}

/// <summary>
/// A grain that only reads its state when activated and writes it when called: the least a grain that
/// persists per call costs, against which a real call's own work can be told apart. It writes through the
/// store playback sessions use, so the two compare like for like.
/// </summary>
[Alias("netflix.bench.IStoredNoOpGrain")]
public interface IStoredNoOpGrain : INetflixGrain
{
    [Alias("Store")]
    Task Store();
}

[GrainType("bench-noop")]
public sealed class NoOpGrain : Grain, INoOpGrain
{
    public Task Ping() => Task.CompletedTask;
}

[GrainType("bench-stored-noop")]
public sealed class StoredNoOpGrain(
    [PersistentState("bench-stored-noop", StorageNames.ReplicatedStore)] IPersistentState<StoredNoOpState> state) : Grain, IStoredNoOpGrain
{
    public Task Store()
    {
        state.State.Calls++;
        return state.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("netflix.bench.StoredNoOpState")]
public sealed class StoredNoOpState
{
    [Id(0)] public int Calls { get; set; }
}
