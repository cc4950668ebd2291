namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// What the cache holds: each object, whether its bytes were verified since this run started, which key owns each
/// file name, the bytes held, and the eviction order (<see cref="PinningPolicy"/> over the configured policy).
/// No disk work: the cache does that around these calls.
/// </summary>
/// <remarks>Not thread-safe: the cache calls it under its lock.</remarks>
internal sealed class CacheIndex(IEvictionPolicy policy)
{
    private readonly PinningPolicy _policy = new(policy);
    private readonly Dictionary<CacheKey, bool> _entries = []; // value: verified
    private readonly Dictionary<string, CacheKey> _owners = []; // sha256 -> the key whose file is at that path

    public long StoredBytes { get; private set; }

    public int Count => _entries.Count;

    public IReadOnlyCollection<CacheKey> Keys => [.. _entries.Keys];

    public bool Contains(CacheKey key) => _entries.ContainsKey(key);

    public bool IsVerified(CacheKey key) => _entries.TryGetValue(key, out var verified) && verified;

    public bool OwnsFileName(string sha256) => _owners.ContainsKey(sha256);

    /// <summary>The held object whose file is named <paramref name="sha256"/>, or null.</summary>
    public CacheKey? HeldBySha256(string sha256) => _owners.TryGetValue(sha256, out var key) && _entries.ContainsKey(key) ? key : null;

    public void MarkVerified(CacheKey key)
    {
        if (_entries.ContainsKey(key)) _entries[key] = true;
    }

    public void Accessed(CacheKey key) => _policy.Accessed(key);

    public void SetPinned(IEnumerable<CacheKey> keys) => _policy.SetPinned(keys);

    /// <summary>
    /// Another key that names the same file with a different length (a file torn by a crash), or null: it no longer owns
    /// the path once <paramref name="key"/> is registered, so the caller forgets it first, without deleting the file.
    /// </summary>
    public CacheKey? PreviousOwner(CacheKey key) => _owners.TryGetValue(key.Sha256, out var owner) && owner != key ? owner : null;

    /// <summary>Indexes and accounts an object whose file is in place (call <see cref="PreviousOwner"/> first).</summary>
    public void Register(CacheKey key, bool verified)
    {
        _owners[key.Sha256] = key;
        if (_entries.TryAdd(key, verified))
        {
            StoredBytes += key.Bytes;
            _policy.Added(key);
        }
        else
        {
            _entries[key] = verified;
        }
    }

    /// <summary>Drops an object from the index, the policy and the accounting; true when its file is its own to delete.</summary>
    public bool Remove(CacheKey key)
    {
        if (!_entries.Remove(key)) return false;
        _policy.Removed(key);
        StoredBytes -= key.Bytes;
        if (!_owners.TryGetValue(key.Sha256, out var owner) || owner != key) return false;
        _owners.Remove(key.Sha256);
        return true;
    }

    /// <summary>The next held object to evict, skipping <paramref name="protectedKeys"/>; null if none is left.</summary>
    public CacheKey? NextVictim(IReadOnlySet<CacheKey> protectedKeys)
    {
        while (_policy.Victim(protectedKeys) is { } victim)
        {
            if (_entries.ContainsKey(victim)) return victim;
            // The policy named something the cache does not hold: drop it from the policy and go on.
            _policy.Removed(victim);
        }
        return null;
    }

    /// <summary>Bytes of the held objects among <paramref name="keys"/>.</summary>
    public long HeldBytesOf(IEnumerable<CacheKey> keys)
    {
        long bytes = 0;
        foreach (var key in keys)
        {
            if (_entries.ContainsKey(key)) bytes += key.Bytes;
        }
        return bytes;
    }
}
