namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// Pinning over any <see cref="IEvictionPolicy"/>: pinned objects (the edge's fill list) are kept out of the inner
/// policy, in an LRU of their own that is asked for a victim only when the inner policy has none left. Moving an object
/// between the two restarts its history.
/// </summary>
/// <remarks>Not thread-safe, like the policies it wraps: the cache calls it under its lock.</remarks>
public sealed class PinningPolicy(IEvictionPolicy inner) : IEvictionPolicy
{
    private readonly IEvictionPolicy _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly LruPolicy _pinnedOrder = new();
    private readonly HashSet<CacheKey> _tracked = [];
    private HashSet<CacheKey> _pinned = [];

    /// <summary>
    /// Replaces the set of pinned objects: they are evicted only after every unpinned one. Keys not tracked yet are
    /// remembered and apply once they are added.
    /// </summary>
    public void SetPinned(IEnumerable<CacheKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var next = keys.ToHashSet();
        foreach (var key in _pinned)
        {
            if (next.Contains(key) || !_tracked.Contains(key)) continue;
            _pinnedOrder.Removed(key);
            _inner.Added(key);
        }
        foreach (var key in next)
        {
            if (_pinned.Contains(key) || !_tracked.Contains(key)) continue;
            _inner.Removed(key);
            _pinnedOrder.Added(key);
        }
        _pinned = next;
    }

    /// <inheritdoc />
    public void Added(CacheKey key)
    {
        _tracked.Add(key);
        PolicyOf(key).Added(key);
    }

    /// <inheritdoc />
    public void Accessed(CacheKey key) => PolicyOf(key).Accessed(key);

    /// <inheritdoc />
    public void Removed(CacheKey key)
    {
        _tracked.Remove(key);
        PolicyOf(key).Removed(key);
    }

    /// <inheritdoc />
    public CacheKey? Victim(IReadOnlySet<CacheKey> protectedKeys) => _inner.Victim(protectedKeys) ?? _pinnedOrder.Victim(protectedKeys);

    private IEvictionPolicy PolicyOf(CacheKey key) => _pinned.Contains(key) ? _pinnedOrder : _inner;
}
