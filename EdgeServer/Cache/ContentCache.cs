using Microsoft.Extensions.Logging;

namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// The edge's bounded, content-addressed object cache on local disk. Objects are immutable and named by
/// their SHA-256, so an object is fetched from the origin at most once while it stays cached, and a
/// file is only ever registered or served after its bytes were checked against the key.
/// </summary>
/// <remarks>
/// <para>Layout: <c>Root/&lt;first 2 hex&gt;/&lt;sha256&gt;</c>. A fetch streams into
/// <c>&lt;final&gt;.&lt;random&gt;.partial</c> while hashing, then renames into place, so a crash leaves
/// at most partials, which <see cref="InitializeAsync"/> deletes. Files found at startup are registered
/// unverified and hashed the first time they are served (no fsync needed: a torn file fails that check).</para>
/// <para>Concurrency: one lock guards the index, the policies and the counters; it is never held across an
/// await. Renames and unlinks are done under it so disk and index always agree. Concurrent misses of one
/// key share one fill (<see cref="Flight"/>) that runs on the cache's own lifetime token: a caller that
/// gives up stops waiting without cancelling the fill for the others, and a fill whose callers all left
/// still completes and stores the object for the next viewer.</para>
/// <para>Bound: room is made before an object is registered, so <see cref="CacheStats.StoredBytes"/> never
/// exceeds the capacity. Objects being filled or being opened by their waiters are protected from
/// eviction; an object that cannot fit beside them (or is bigger than the whole capacity) is served from
/// its partial file and not kept.</para>
/// <para>Pinned objects (the fill list) are kept out of the main policy, in an LRU of their own that is
/// consulted only when the main policy has no victim left; moving an object between the two restarts
/// its history.</para>
/// </remarks>
public sealed class ContentCache : IDisposable
{
    // A stored file that disappears between fill and open (deleted behind the cache's back) is refetched this often.
    private const int MaxAttempts = 3;

    private readonly Lock _gate = new();
    private readonly string _root;
    private readonly long _capacity;
    private readonly IEvictionPolicy _policy;
    private readonly LruPolicy _pinnedPolicy = new();
    private readonly ILogger<ContentCache> _logger;
    private readonly VerifiedLinks? _visible;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Dictionary<CacheKey, bool> _entries = []; // value: verified
    private readonly Dictionary<string, CacheKey> _owners = []; // sha256 -> the key whose file is at that path
    private readonly Dictionary<CacheKey, Flight> _inFlight = [];
    private readonly Dictionary<CacheKey, int> _protectCounts = [];
    private readonly HashSet<CacheKey> _protected = [];
    private HashSet<CacheKey> _pinned = [];
    private long _storedBytes;
    private long _hits;
    private long _misses;
    private long _bytesFromCache;
    private long _bytesFromOrigin;
    private long _evictions;
    private long _originFetches;
    private bool _disposed;

    /// <summary>A cache over <see cref="CacheOptions.Root"/>; call <see cref="InitializeAsync"/> once before serving.</summary>
    public ContentCache(CacheOptions options, IEvictionPolicy policy, ILogger<ContentCache> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Root, nameof(options.Root));
        ArgumentOutOfRangeException.ThrowIfNegative(options.CapacityBytes, nameof(options.CapacityBytes));
        _root = Path.GetFullPath(options.Root);
        _capacity = options.CapacityBytes;
        _policy = policy;
        _logger = logger;
        _visible = string.IsNullOrWhiteSpace(options.VerifiedLinksRoot) ? null : new VerifiedLinks(options.VerifiedLinksRoot, logger);
    }

    /// <summary>The policy for a configured name: "lru" gives <see cref="LruPolicy"/>, "gdsf" <see cref="GdsfPolicy"/>.</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static IEvictionPolicy PolicyFor(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "lru" => new LruPolicy(),
        "gdsf" => new GdsfPolicy(),
        _ => throw new ArgumentException($"unknown cache policy '{name}': expected 'lru' or 'gdsf'", nameof(name)),
    };

    /// <summary>A snapshot of the counters.</summary>
    public CacheStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new CacheStats(_hits, _misses, _bytesFromCache, _bytesFromOrigin, _evictions, _storedBytes, _entries.Count, _capacity)
                {
                    OriginFetches = _originFetches,
                };
            }
        }
    }

    /// <summary>A snapshot of the objects held (including ones found at startup and not yet verified).</summary>
    public IReadOnlyCollection<CacheKey> Keys
    {
        get
        {
            lock (_gate) return [.. _entries.Keys];
        }
    }

    /// <summary>
    /// Counts a hit another server (nginx) served straight from a verified link, by the object's SHA-256: the eviction
    /// policy sees the access as if the cache had served it. Unknown hashes (evicted meanwhile) are ignored.
    /// </summary>
    public void RecordServedElsewhere(string sha256)
    {
        lock (_gate)
        {
            if (!_owners.TryGetValue(sha256, out var key) || !_entries.ContainsKey(key)) return;
            PolicyOf(key).Accessed(key);
            Count(key, fromCache: true);
        }
    }

    /// <summary>Whether the object is held now.</summary>
    public bool Contains(CacheKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate) return _entries.ContainsKey(key);
    }

    /// <summary>
    /// Replaces the set of pinned objects (the edge's fill list): they are evicted only after every
    /// unpinned object. Keys not held yet are remembered and apply once they are stored.
    /// </summary>
    public void SetPinned(IEnumerable<CacheKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var next = keys.ToHashSet();
        lock (_gate)
        {
            foreach (var key in _pinned)
            {
                if (next.Contains(key) || !_entries.ContainsKey(key)) continue;
                _pinnedPolicy.Removed(key);
                _policy.Added(key);
            }
            foreach (var key in next)
            {
                if (_pinned.Contains(key) || !_entries.ContainsKey(key)) continue;
                _policy.Removed(key);
                _pinnedPolicy.Added(key);
            }
            _pinned = next;
        }
    }

    /// <summary>
    /// Scans <see cref="CacheOptions.Root"/>: deletes leftover <c>*.partial</c> files, registers the
    /// objects found (verified when first served) and evicts down to the capacity. Call it once, before
    /// serving: partials of fills already running would be deleted too.
    /// </summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        lock (_gate) ObjectDisposedException.ThrowIf(_disposed, this);
        // No async directory API: the walk runs on the thread pool instead of the caller's thread.
        // Links left by an earlier run are dropped: what was held is verified again before another server may serve it.
        if (_visible is not null) await Task.Run(_visible.Clear, ct).ConfigureAwait(false);
        var scan = await Task.Run(() => DiskScan.Run(_root, ct), ct).ConfigureAwait(false);
        int evicted;
        long stored;
        int count;
        lock (_gate)
        {
            foreach (var key in scan.Objects)
            {
                if (_owners.ContainsKey(key.Sha256) || _protected.Contains(key)) continue;
                Register(key, verified: false);
            }
            var before = _evictions;
            MakeRoom(0);
            evicted = (int)(_evictions - before);
            stored = _storedBytes;
            count = _entries.Count;
        }
        _logger.LogInformation(
            "Cache {Root}: {Objects} objects ({Bytes} of {Capacity} bytes) after evicting {Evicted}; deleted {Partials} partial files, ignored {Ignored} other files",
            _root, count, stored, _capacity, evicted, scan.PartialsDeleted, scan.Ignored);
    }

    /// <summary>
    /// Returns a stream over the object: from disk on a hit, otherwise after fetching it from the origin,
    /// checking its length and SHA-256 and (if it fits) storing it. Concurrent calls for one key share a
    /// single origin call; each gets its own stream.
    /// </summary>
    /// <param name="key">The object.</param>
    /// <param name="fetchFromOrigin">Opens the object's bytes at the origin; called at most once per shared fill.</param>
    /// <param name="ct">Stops this caller waiting; a fill shared with others carries on.</param>
    /// <exception cref="CorruptObjectException">The origin's bytes do not match the key; nothing was stored.</exception>
    /// <remarks>Exceptions from <paramref name="fetchFromOrigin"/> reach every caller sharing that fill unchanged.</remarks>
    public async Task<CachedObject> GetOrFetchAsync(CacheKey key, Func<CancellationToken, Task<Stream>> fetchFromOrigin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fetchFromOrigin);
        for (var attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            Flight? flight;
            var start = false;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (TryServeHit(key) is { } hit) return hit;
                if (!_inFlight.TryGetValue(key, out flight))
                {
                    flight = new Flight(key, verifyExisting: _entries.ContainsKey(key));
                    _inFlight.Add(key, flight);
                    Protect(key);
                    start = true;
                }
                flight.Waiters++;
            }

            // Started outside the lock: the origin delegate's synchronous part runs here, on this caller.
            if (start) _ = RunFlightAsync(flight, fetchFromOrigin);

            Fill fill;
            try
            {
                fill = await flight.Completion.Task.WaitAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                lock (_gate) Leave(flight);
                throw;
            }

            lock (_gate)
            {
                try
                {
                    if (OpenFilled(flight, fill) is { } opened) return opened;
                }
                finally
                {
                    Leave(flight);
                }
            }
            if (attempt >= MaxAttempts)
                throw new IOException($"object {key.Sha256} kept disappearing from {_root} before it could be opened");
        }
    }

    /// <summary>Fails fills in progress (their waiters get <see cref="OperationCanceledException"/>); open streams stay readable.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        // Not disposed itself: fills still unwinding may yet look at its token.
        _lifetime.Cancel();
    }

    private IEvictionPolicy PolicyOf(CacheKey key) => _pinned.Contains(key) ? _pinnedPolicy : _policy;

    /// <summary>Under the lock: opens a verified, held object, or null (not held, not verified yet, or vanished).</summary>
    private CachedObject? TryServeHit(CacheKey key)
    {
        if (!_entries.TryGetValue(key, out var verified) || !verified) return null;
        var path = ObjectFiles.FinalPath(_root, key);
        var stream = ObjectFiles.TryOpenRead(path);
        if (stream is null)
        {
            _logger.LogWarning("Cached object {Sha256} vanished from {Path}; fetching it again", key.Sha256, path);
            Forget(key, deleteFile: false);
            return null;
        }
        PolicyOf(key).Accessed(key);
        Count(key, fromCache: true);
        return new CachedObject(key, fromCache: true, stream);
    }

    /// <summary>Under the lock: one waiter's stream over a finished fill, or null if its file is gone.</summary>
    private CachedObject? OpenFilled(Flight flight, Fill fill)
    {
        var key = flight.Key;
        var stream = ObjectFiles.TryOpenRead(fill.Path);
        if (stream is null)
        {
            _logger.LogWarning("Object {Sha256} vanished from {Path} right after it was filled", key.Sha256, fill.Path);
            if (fill.Registered && _entries.ContainsKey(key)) Forget(key, deleteFile: false);
            return null;
        }
        if (fill.Registered && _entries.ContainsKey(key))
        {
            // A fresh store already counted one access when the policy was told it was added.
            if (fill.FromCache || flight.FirstOpened) PolicyOf(key).Accessed(key);
            flight.FirstOpened = true;
        }
        Count(key, fill.FromCache);
        return new CachedObject(key, fill.FromCache, stream);
    }

    private async Task RunFlightAsync(Flight flight, Func<CancellationToken, Task<Stream>> fetchFromOrigin)
    {
        Fill? fill = null;
        Exception? error = null;
        try
        {
            fill = await FillAsync(flight, fetchFromOrigin, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
        }

        lock (_gate)
        {
            flight.Done = true;
            flight.Result = fill;
            // Removed before the result is published, so a call after a failure starts a fresh fill.
            if (_inFlight.TryGetValue(flight.Key, out var current) && current == flight) _inFlight.Remove(flight.Key);
            if (flight.Waiters == 0) Settle(flight);
        }

        if (error is null)
        {
            flight.Completion.SetResult(fill!);
        }
        else
        {
            flight.Completion.SetException(error);
            _ = flight.Completion.Task.Exception; // observed, even if every waiter already left
        }
    }

    private async Task<Fill> FillAsync(Flight flight, Func<CancellationToken, Task<Stream>> fetchFromOrigin, CancellationToken token)
    {
        var key = flight.Key;
        var final = ObjectFiles.FinalPath(_root, key);
        if (flight.VerifyExisting)
        {
            var check = await ObjectFiles.VerifyAsync(final, key, token).ConfigureAwait(false);
            lock (_gate)
            {
                if (check == ObjectFiles.Check.Valid && _entries.ContainsKey(key))
                {
                    _entries[key] = true;
                    _visible?.Show(key, final);
                    return new Fill(final, Registered: true, FromCache: true);
                }
                Forget(key, deleteFile: check == ObjectFiles.Check.Corrupt);
            }
            if (check != ObjectFiles.Check.Valid)
            {
                _logger.LogWarning("Cached object {Sha256} at {Path} is {Problem}; fetching it again", key.Sha256, final,
                    check == ObjectFiles.Check.Missing ? "missing" : "corrupt");
            }
        }

        lock (_gate) _originFetches++;
        ObjectFiles.OnDisk(() => Directory.CreateDirectory(Path.GetDirectoryName(final)!), final);
        var partial = ObjectFiles.NewPartialPath(final);
        try
        {
            var origin = await fetchFromOrigin(token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"the origin fetch for {key.Sha256} returned no stream");
            await using (origin.ConfigureAwait(false))
            {
                await ObjectFiles.CopyVerifiedAsync(origin, partial, key, token).ConfigureAwait(false);
            }
            lock (_gate) return Store(key, partial, final);
        }
        catch (Exception e)
        {
            ObjectFiles.TryDelete(partial);
            if (e is CorruptObjectException) _logger.LogWarning("Origin sent a corrupt object: {Problem}", e.Message);
            if (e is CacheDiskException) _logger.LogError("Cache disk failed: {Problem}", e.Message);
            throw;
        }
    }

    /// <summary>Under the lock: makes room and moves a verified partial into place, or keeps it aside if it cannot fit.</summary>
    private Fill Store(CacheKey key, string partial, string final)
    {
        // Checked first so that nothing is evicted for an object that cannot fit anyway.
        if (key.Bytes > _capacity - ProtectedStoredBytes() || !MakeRoom(key.Bytes))
        {
            _logger.LogDebug("Object {Sha256} ({Bytes} bytes) does not fit in the cache; serving it without keeping it", key.Sha256, key.Bytes);
            return new Fill(partial, Registered: false, FromCache: false);
        }
        // The name is the content's hash, so a file already there (not in the index: it would not be
        // fetched otherwise) should hold the same bytes; ours are verified, so they replace it atomically.
        ObjectFiles.OnDisk(() =>
        {
            File.Move(partial, final, overwrite: true);
            return final;
        }, final);
        Register(key, verified: true);
        _visible?.Show(key, final);
        return new Fill(final, Registered: true, FromCache: false);
    }

    /// <summary>Under the lock: indexes and accounts an object whose file is in place.</summary>
    private void Register(CacheKey key, bool verified)
    {
        // Another key naming the same file was recorded with a wrong length (a file torn by a crash): it
        // no longer owns the path and must not be counted twice, nor delete the new file when it goes.
        if (_owners.TryGetValue(key.Sha256, out var owner) && owner != key) Forget(owner, deleteFile: false);
        _owners[key.Sha256] = key;
        if (_entries.TryAdd(key, verified))
        {
            _storedBytes += key.Bytes;
            PolicyOf(key).Added(key);
        }
        else
        {
            _entries[key] = verified;
        }
    }

    /// <summary>Under the lock: evicts until <paramref name="incoming"/> more bytes fit; false if nothing evictable is left first.</summary>
    private bool MakeRoom(long incoming)
    {
        while (_storedBytes + incoming > _capacity)
        {
            var victim = _policy.Victim(_protected) ?? _pinnedPolicy.Victim(_protected);
            if (victim is null) return false;
            if (!_entries.ContainsKey(victim))
            {
                // The policy named something the cache does not hold: drop it from the policy and go on.
                PolicyOf(victim).Removed(victim);
                continue;
            }
            Forget(victim, deleteFile: true);
            _evictions++;
            _logger.LogDebug("Evicted {Sha256} ({Bytes} bytes)", victim.Sha256, victim.Bytes);
        }
        return true;
    }

    /// <summary>Under the lock: drops an object from the index, the policy and the accounting.</summary>
    private void Forget(CacheKey key, bool deleteFile)
    {
        if (!_entries.Remove(key)) return;
        _visible?.Hide(key); // before the file goes: nginx never finds a link to nothing
        PolicyOf(key).Removed(key);
        _storedBytes -= key.Bytes;
        if (!_owners.TryGetValue(key.Sha256, out var owner) || owner != key) return;
        _owners.Remove(key.Sha256);
        if (deleteFile && !ObjectFiles.TryDelete(ObjectFiles.FinalPath(_root, key)))
            _logger.LogWarning("Could not delete object {Sha256} under {Root}", key.Sha256, _root);
    }

    /// <summary>Under the lock: one caller is done with a flight (opened its stream or gave up).</summary>
    private void Leave(Flight flight)
    {
        flight.Waiters--;
        if (flight.Done && flight.Waiters == 0) Settle(flight);
    }

    /// <summary>Under the lock: a finished flight nobody waits on any more releases its key and temp file.</summary>
    private void Settle(Flight flight)
    {
        Unprotect(flight.Key);
        // Every waiter holds its own open handle by now, so the unkept file can go (they keep reading).
        if (flight.Result is { Registered: false } unkept) ObjectFiles.TryDelete(unkept.Path);
    }

    private void Protect(CacheKey key)
    {
        _protectCounts[key] = _protectCounts.GetValueOrDefault(key) + 1;
        _protected.Add(key);
    }

    private void Unprotect(CacheKey key)
    {
        var left = _protectCounts.GetValueOrDefault(key) - 1;
        if (left > 0)
        {
            _protectCounts[key] = left;
            return;
        }
        _protectCounts.Remove(key);
        _protected.Remove(key);
    }

    /// <summary>Under the lock: bytes of held objects that cannot be evicted right now.</summary>
    private long ProtectedStoredBytes()
    {
        long bytes = 0;
        foreach (var key in _protected)
        {
            if (_entries.ContainsKey(key)) bytes += key.Bytes;
        }
        return bytes;
    }

    private void Count(CacheKey key, bool fromCache)
    {
        if (fromCache)
        {
            _hits++;
            _bytesFromCache += key.Bytes;
        }
        else
        {
            _misses++;
            _bytesFromOrigin += key.Bytes;
        }
    }
}
