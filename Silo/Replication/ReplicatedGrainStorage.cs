using Orleans.Storage;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// The grain storage provider for member data (<c>StorageNames.ReplicatedStore</c>): each grain state is a
/// row in the region's <c>netflix_replicated_state</c>, versioned by a hybrid logical clock, written
/// through <see cref="RegionReplicator"/> so every other region gets a copy. Grains need nothing of
/// their own: they name this store in <c>[PersistentState]</c>. The ETag is the version, so a write over
/// a state that a newer copy replaced fails with <see cref="InconsistentStateException"/> and Orleans
/// reactivates the grain from the newer state; member data is merged with the newer state instead, and the grain goes
/// on from the merge.
/// </summary>
public sealed class ReplicatedGrainStorage(RegionReplicator replicator, IGrainStorageSerializer serializer, LoadedReplicas loaded) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = grainId.ToString();
        // Tracked before the read: a copy applied while the read is in flight must still find this activation to drop.
        loaded.Track(grainId);
        var row = await replicator.Home.ReadAsync(stateName, key, CancellationToken.None);
        if (row is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        replicator.Clock.Observe(row.Version.Clock);
        grainState.State = row.Payload is null ? Activator.CreateInstance<T>() : serializer.Deserialize<T>(BinaryData.FromString(row.Payload))!;
        grainState.ETag = row.Version.ETag;
        grainState.RecordExists = row.Payload is not null;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteAsync(stateName, grainId, grainState, serializer.Serialize(grainState.State).ToString());

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await WriteAsync(stateName, grainId, grainState, payload: null);
        grainState.State = Activator.CreateInstance<T>();
    }

    private async Task WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, string? payload)
    {
        loaded.Track(grainId);
        try
        {
            Took(grainState, await replicator.WriteAsync(stateName, grainId.ToString(), payload, ReplicaVersion.ParseETag(grainState.ETag)), payload);
        }
        catch (ReplicaConflictException e)
        {
            if (e.Committed is { } committed) Took(grainState, committed, payload);
            throw new InconsistentStateException(e.Message, grainState.ETag ?? "", "newer");
        }
        catch (ReplicationUnavailableException e)
        {
            // Committed here: later writes must build on it, though this one is not acknowledged.
            Took(grainState, e.Committed, payload);
            throw e.ToCallerException();
        }
    }

    /// <summary>The grain goes on from what was stored: its own state, or that state merged with a copy that arrived since it read.</summary>
    private void Took<T>(IGrainState<T> grainState, ReplicaRecord stored, string? written)
    {
        grainState.ETag = stored.Version.ETag;
        grainState.RecordExists = stored.Payload is not null;
        if (stored.Payload is { } merged && !ReferenceEquals(merged, written)) grainState.State = serializer.Deserialize<T>(BinaryData.FromString(merged))!;
    }
}
