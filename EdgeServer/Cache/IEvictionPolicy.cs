namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// Decides which stored object the cache drops next. The cache tells it every object that is added,
/// served or removed, and asks for a victim when it needs room.
/// </summary>
/// <remarks>
/// Implementations need not be thread-safe: <see cref="ContentCache"/> calls them under its own lock.
/// Every call must be O(1) or O(log n), apart from stepping over protected keys in <see cref="Victim"/>.
/// </remarks>
public interface IEvictionPolicy
{
    /// <summary>An object was stored (a repeat add counts as an access).</summary>
    void Added(CacheKey key);

    /// <summary>A stored object was served; unknown keys are ignored.</summary>
    void Accessed(CacheKey key);

    /// <summary>An object left the cache. If it is the last key <see cref="Victim"/> named, it was evicted.</summary>
    void Removed(CacheKey key);

    /// <summary>The next object to evict, skipping <paramref name="protectedKeys"/>; null if there is none.</summary>
    CacheKey? Victim(IReadOnlySet<CacheKey> protectedKeys);
}
