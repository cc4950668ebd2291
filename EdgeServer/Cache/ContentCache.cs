using Microsoft.Extensions.Logging;
using Orleans.Netflix.EdgeServer.Observability;

namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// The edge's bounded, content-addressed object cache on local disk. Objects are immutable and named by
/// their SHA-256, so an object is fetched from the origin at most once while it stays cached, and a
/// file is only ever registered or served after its bytes were checked against the key.
/// </summary>
/// <remarks>
/// <para>Parts: <see cref="CacheIndex"/> (what is held, the eviction order with pinning), <see cref="Flights"/>
/// (one fill per object at a time), <see cref="ObjectStore"/> (files, atomic writes, links for nginx) and
/// <see cref="CacheCounters"/> (the counters, on the edge's meter). This class decides what happens in which order.</para>
/// <para>Files found at startup are registered unverified and hashed the first time they are served (no fsync needed:
/// a torn file fails that check).</para>
/// <para>Concurrency: one lock guards the index and the flights; it is never held across an await. Renames and
/// unlinks are done under it so disk and index always agree. Concurrent misses of one key share one fill that runs on
/// the cache's own lifetime token: a caller that gives up stops waiting without cancelling the fill for the others,
/// and a fill whose callers all left still completes and stores the object for the next viewer.</para>
/// <para>Bound: room is made before an object is registered, so <see cref="CacheStats.StoredBytes"/> never
/// exceeds the capacity. Objects being filled or being opened by their waiters are protected from
/// eviction; an object that cannot fit beside them (or is bigger than the whole capacity) is served from
/// its partial file and not kept.</para>
/// </remarks>
public sealed class ContentCache : IDisposable
{
    // A stored file that disappears between fill and open (deleted behind the cache's back) is refetched this often.
    private const int MaxAttempts = 3;

    private readonly Lock _gate = new();
    private readonly long _capacity;
    private readonly CacheIndex _index;
    private readonly Flights _flights = new();
    private readonly ObjectStore _store;
    private readonly CacheCounters _counters;
    private readonly ILogger<ContentCache> _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private bool _disposed;

    /// <summary>A cache over <see cref="CacheOptions.Root"/>; call <see cref="InitializeAsync"/> once before serving.</summary>
    /// <param name="counters">Where hits, misses, evictions and origin calls are counted (the edge's meter); null counts them privately.</param>
    public ContentCache(CacheOptions options, IEvictionPolicy policy, ILogger<ContentCache> logger, CacheCounters? counters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Root, nameof(options.Root));
        ArgumentOutOfRangeException.ThrowIfNegative(options.CapacityBytes, nameof(options.CapacityBytes));
        _capacity = options.CapacityBytes;
        _index = new CacheIndex(policy);
        _store = new ObjectStore(options, logger);
        _counters = counters ?? new CacheCounters();
        _logger = logger;
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
                return new CacheStats(_counters.Hits, _counters.Misses, _counters.BytesFromCache, _counters.BytesFromOrigin, _counters.Evictions,
                    _index.StoredBytes, _index.Count, _capacity)
                {
                    OriginFetches = _counters.OriginFetches,
                };
            }
        }
    }

    /// <summary>A snapshot of the objects held (including ones found at startup and not yet verified).</summary>
    public IReadOnlyCollection<CacheKey> Keys
    {
        get
        {
            lock (_gate) return _index.Keys;
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
            if (_index.HeldBySha256(sha256) is not { } key) return;
            _index.Accessed(key);
            _counters.Served(key, fromCache: true);
        }
    }

    /// <summary>Whether the object is held now.</summary>
    public bool Contains(CacheKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate) return _index.Contains(key);
    }

    /// <summary>
    /// Replaces the set of pinned objects (the edge's fill list): they are evicted only after every
    /// unpinned object. Keys not held yet are remembered and apply once they are stored.
    /// </summary>
    public void SetPinned(IEnumerable<CacheKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var next = keys.ToList();
        lock (_gate) _index.SetPinned(next);
    }

    /// <summary>
    /// Scans <see cref="CacheOptions.Root"/>: deletes leftover <c>*.partial</c> files, registers the
    /// objects found (verified when first served) and evicts down to the capacity. Call it once, before
    /// serving: partials of fills already running would be deleted too.
    /// </summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        lock (_gate) ObjectDisposedException.ThrowIf(_disposed, this);
        var scan = await _store.ScanAsync(ct).ConfigureAwait(false);
        int evicted;
        long stored;
        int count;
        lock (_gate)
        {
            foreach (var key in scan.Objects)
            {
                if (_index.OwnsFileName(key.Sha256) || _flights.Protected.Contains(key)) continue;
                Register(key, verified: false);
            }
            var before = _counters.Evictions;
            MakeRoom(0);
            evicted = (int)(_counters.Evictions - before);
            stored = _index.StoredBytes;
            count = _index.Count;
        }
        _logger.LogInformation(
            "Cache {Root}: {Objects} objects ({Bytes} of {Capacity} bytes) after evicting {Evicted}; deleted {Partials} partial files, ignored {Ignored} other files",
            _store.Root, count, stored, _capacity, evicted, scan.PartialsDeleted, scan.Ignored);
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
            Flight flight;
            bool start;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (TryServeHit(key) is { } hit) return hit;
                flight = _flights.Join(key, verifyExisting: _index.Contains(key), out start);
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
                throw new IOException($"object {key.Sha256} kept disappearing from {_store.Root} before it could be opened");
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

    /// <summary>Under the lock: opens a verified, held object, or null (not held, not verified yet, or vanished).</summary>
    private CachedObject? TryServeHit(CacheKey key)
    {
        if (!_index.IsVerified(key)) return null;
        var path = _store.PathOf(key);
        var stream = ObjectStore.TryOpen(path);
        if (stream is null)
        {
            _logger.LogWarning("Cached object {Sha256} vanished from {Path}; fetching it again", key.Sha256, path);
            Forget(key, deleteFile: false);
            return null;
        }
        _index.Accessed(key);
        _counters.Served(key, fromCache: true);
        return new CachedObject(key, fromCache: true, stream);
    }

    /// <summary>Under the lock: one waiter's stream over a finished fill, or null if its file is gone.</summary>
    private CachedObject? OpenFilled(Flight flight, Fill fill)
    {
        var key = flight.Key;
        var stream = ObjectStore.TryOpen(fill.Path);
        if (stream is null)
        {
            _logger.LogWarning("Object {Sha256} vanished from {Path} right after it was filled", key.Sha256, fill.Path);
            if (fill.Registered && _index.Contains(key)) Forget(key, deleteFile: false);
            return null;
        }
        if (fill.Registered && _index.Contains(key))
        {
            // A fresh store already counted one access when the policy was told it was added.
            if (fill.FromCache || flight.FirstOpened) _index.Accessed(key);
            flight.FirstOpened = true;
        }
        _counters.Served(key, fill.FromCache);
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
            if (_flights.Finish(flight, fill)) DiscardUnkept(flight);
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
        if (flight.VerifyExisting)
        {
            var check = await _store.VerifyAsync(key, token).ConfigureAwait(false);
            lock (_gate)
            {
                if (check == ObjectFiles.Check.Valid && _index.Contains(key))
                {
                    _index.MarkVerified(key);
                    _store.Show(key);
                    return new Fill(_store.PathOf(key), Registered: true, FromCache: true);
                }
                Forget(key, deleteFile: check == ObjectFiles.Check.Corrupt);
            }
            if (check != ObjectFiles.Check.Valid)
            {
                _logger.LogWarning("Cached object {Sha256} at {Path} is {Problem}; fetching it again", key.Sha256, _store.PathOf(key),
                    check == ObjectFiles.Check.Missing ? "missing" : "corrupt");
            }
        }

        _counters.OriginFetched();
        try
        {
            var partial = _store.NewPartial(key);
            var origin = await fetchFromOrigin(token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"the origin fetch for {key.Sha256} returned no stream");
            await using (origin.ConfigureAwait(false))
            {
                await _store.ReceiveAsync(origin, partial, key, token).ConfigureAwait(false);
            }
            lock (_gate) return Store(key, partial);
        }
        catch (Exception e)
        {
            if (e is CorruptObjectException) _logger.LogWarning("Origin sent a corrupt object: {Problem}", e.Message);
            if (e is CacheDiskException) _logger.LogError("Cache disk failed: {Problem}", e.Message);
            throw;
        }
    }

    /// <summary>Under the lock: makes room and moves a verified partial into place, or keeps it aside if it cannot fit.</summary>
    private Fill Store(CacheKey key, string partial)
    {
        // Checked first so that nothing is evicted for an object that cannot fit anyway.
        if (key.Bytes > _capacity - _index.HeldBytesOf(_flights.Protected) || !MakeRoom(key.Bytes))
        {
            _logger.LogDebug("Object {Sha256} ({Bytes} bytes) does not fit in the cache; serving it without keeping it", key.Sha256, key.Bytes);
            return new Fill(partial, Registered: false, FromCache: false);
        }
        try
        {
            var final = _store.Place(key, partial);
            Register(key, verified: true);
            _store.Show(key);
            return new Fill(final, Registered: true, FromCache: false);
        }
        catch
        {
            ObjectStore.Discard(partial);
            throw;
        }
    }

    /// <summary>Under the lock: indexes an object whose file is in place, taking the file over from a key recorded with a wrong length.</summary>
    private void Register(CacheKey key, bool verified)
    {
        if (_index.PreviousOwner(key) is { } stale) Forget(stale, deleteFile: false);
        _index.Register(key, verified);
    }

    /// <summary>Under the lock: evicts until <paramref name="incoming"/> more bytes fit; false if nothing evictable is left first.</summary>
    private bool MakeRoom(long incoming)
    {
        while (_index.StoredBytes + incoming > _capacity)
        {
            if (_index.NextVictim(_flights.Protected) is not { } victim) return false;
            Forget(victim, deleteFile: true);
            _counters.Evicted();
            _logger.LogDebug("Evicted {Sha256} ({Bytes} bytes)", victim.Sha256, victim.Bytes);
        }
        return true;
    }

    /// <summary>Under the lock: drops an object from the index and, when asked and it is its own, its file.</summary>
    private void Forget(CacheKey key, bool deleteFile)
    {
        if (!_index.Contains(key)) return;
        _store.Hide(key); // before the file goes: nginx never finds a link to nothing
        if (_index.Remove(key) && deleteFile && !_store.Delete(key))
            _logger.LogWarning("Could not delete object {Sha256} under {Root}", key.Sha256, _store.Root);
    }

    /// <summary>Under the lock: one caller is done with a flight (opened its stream or gave up).</summary>
    private void Leave(Flight flight)
    {
        if (_flights.Leave(flight)) DiscardUnkept(flight);
    }

    /// <summary>Under the lock: a settled flight's unkept file goes; every waiter holds its own open handle by now, so they keep reading.</summary>
    private static void DiscardUnkept(Flight flight)
    {
        if (flight.Result is { Registered: false } unkept) ObjectStore.Discard(unkept.Path);
    }
}
