using Orleans.Netflix.EdgeServer.Cache;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// An edge's cache reduced to its bookkeeping, with the edge's own eviction policies: the same rules
/// as <see cref="ContentCache"/> (bounded in bytes; a miss stores the object, evicting the policy's
/// victims; pinned fill objects are never evicted for misses, and an object leaving the plan goes back
/// to the policy), plus which titles it holds whole, as its heartbeat reports them to steering.
/// </summary>
public sealed class SimulatedEdge(string edgeId, long capacityBytes, IEvictionPolicy policy, OffloadCatalog catalog)
{
    private readonly HashSet<int> _stored = [];
    private HashSet<int> _pinned = [];
    private readonly Dictionary<int, int> _partsHeld = []; // title → objects held
    private readonly SortedSet<string> _titlesHeld = new(StringComparer.Ordinal);
    private string[]? _titlesHeldView;
    private long _storedBytes;
    private long _pinnedBytes;

    public string EdgeId => edgeId;

    public long CapacityBytes => capacityBytes;

    public int ActiveSessions { get; set; }

    /// <summary>Titles of which every object is stored.</summary>
    public string[] TitlesHeld => _titlesHeldView ??= [.. _titlesHeld];

    /// <summary>Serves one object: true for a hit; a miss pulls and stores it.</summary>
    public bool Serve(int objectId)
    {
        if (_stored.Contains(objectId))
        {
            if (!_pinned.Contains(objectId)) policy.Accessed(catalog.Keys[objectId]);
            return true;
        }
        if (catalog.ObjectBytes[objectId] > capacityBytes - _pinnedBytes) return false; // would never fit: served through, not stored
        Store(objectId);
        policy.Added(catalog.Keys[objectId]);
        return false;
    }

    /// <summary>Pins the plan's objects and pulls those not yet stored; returns the bytes pulled.</summary>
    public long ApplyPlan(IEnumerable<int> objectIds)
    {
        var next = objectIds.ToHashSet();
        foreach (var id in _pinned)
        {
            if (!next.Contains(id) && _stored.Contains(id)) policy.Added(catalog.Keys[id]);
        }
        foreach (var id in next)
        {
            if (!_pinned.Contains(id) && _stored.Contains(id)) policy.Removed(catalog.Keys[id]);
        }
        _pinned = next;
        _pinnedBytes = next.Sum(id => catalog.ObjectBytes[id]);
        long pulled = 0;
        foreach (var id in next)
        {
            if (_stored.Contains(id)) continue;
            Store(id);
            pulled += catalog.ObjectBytes[id];
        }
        return pulled;
    }

    private void Store(int objectId)
    {
        var bytes = catalog.ObjectBytes[objectId];
        while (_storedBytes + bytes > capacityBytes)
        {
            var victim = policy.Victim(EmptyKeys) ?? throw new InvalidOperationException($"{edgeId}: nothing left to evict");
            Evict(int.Parse(victim.Sha256.AsSpan(48), System.Globalization.NumberStyles.HexNumber));
            policy.Removed(victim);
        }
        _stored.Add(objectId);
        _storedBytes += bytes;
        var title = OffloadCatalog.TitleOf(objectId);
        var held = _partsHeld[title] = _partsHeld.GetValueOrDefault(title) + 1;
        if (held == OffloadCatalog.ObjectsPerTitle && _titlesHeld.Add(OffloadCatalog.TitleId(title))) _titlesHeldView = null;
    }

    private void Evict(int objectId)
    {
        _stored.Remove(objectId);
        _storedBytes -= catalog.ObjectBytes[objectId];
        var title = OffloadCatalog.TitleOf(objectId);
        if (--_partsHeld[title] == OffloadCatalog.ObjectsPerTitle - 1 && _titlesHeld.Remove(OffloadCatalog.TitleId(title))) _titlesHeldView = null;
    }

    private static readonly IReadOnlySet<CacheKey> EmptyKeys = new HashSet<CacheKey>();
}
