using System.Collections.Concurrent;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// The replicated grains this silo has read or written state for, and when: a copy from another
/// region only needs to drop an activation that may be holding the older state, and a grain this silo
/// never loaded must not be activated just to be told. Entries older than <see cref="Forget"/> are dropped.
/// </summary>
public sealed class LoadedReplicas(TimeProvider time)
{
    public static readonly TimeSpan Forget = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<GrainId, DateTimeOffset> _loaded = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public void Track(GrainId grainId)
    {
        var now = time.GetUtcNow();
        _loaded[grainId] = now;
        if (now < _nextSweep) return;
        _nextSweep = now + TimeSpan.FromMinutes(10);
        foreach (var (id, at) in _loaded)
        {
            if (now - at > Forget) _loaded.TryRemove(id, out _);
        }
    }

    /// <summary>True (and forgotten) when this silo may hold an activation of <paramref name="grainId"/>.</summary>
    public bool Release(GrainId grainId) => _loaded.TryRemove(grainId, out _);

    /// <summary>Forgets every grain and returns them (when changes may have gone unannounced).</summary>
    public IReadOnlyList<GrainId> ReleaseAll()
    {
        var released = new List<GrainId>();
        foreach (var id in _loaded.Keys)
        {
            if (_loaded.TryRemove(id, out _)) released.Add(id);
        }
        return released;
    }
}
