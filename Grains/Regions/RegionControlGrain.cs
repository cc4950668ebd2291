using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Regions;

/// <summary>Evacuation marks (see <see cref="IRegionControlGrain"/>), in the replicated store so every region holds them.</summary>
[GrainType("region-control")]
public sealed class RegionControlGrain(
    [PersistentState(StorageNames.RegionControlState, StorageNames.ReplicatedStore)] IPersistentState<RegionControlState> state,
    SiloRegion home,
    RegionDirectory regions,
    TimeProvider clock) : Grain, IRegionControlGrain
{
    public Task<RegionMarks> Marks() => Task.FromResult(View());

    public async Task<RegionMarks> Evacuate(string region)
    {
        var name = regions.Get(region).Name;
        if (state.State.Evacuated.Contains(name)) return View();
        if (regions.All.All(r => r.Name == name || state.State.Evacuated.Contains(r.Name)))
            throw new ArgumentException($"cannot evacuate {name}: it is the last region still serving members");
        state.State.Evacuated.Add(name);
        return await SaveAsync();
    }

    public async Task<RegionMarks> Restore(string region)
    {
        var name = regions.Get(region).Name;
        if (!state.State.Evacuated.Remove(name)) return View();
        return await SaveAsync();
    }

    private async Task<RegionMarks> SaveAsync()
    {
        state.State.ChangedAt = clock.GetUtcNow();
        state.State.ChangedIn = home.Name;
        await state.WriteStateAsync();
        return View();
    }

    private RegionMarks View() => new([.. state.State.Evacuated.Order(StringComparer.Ordinal)], state.State.ChangedAt, state.State.ChangedIn);
}

public sealed class RegionControlState
{
    public List<string> Evacuated { get; set; } = [];
    public DateTimeOffset ChangedAt { get; set; }
    public string? ChangedIn { get; set; }
}
