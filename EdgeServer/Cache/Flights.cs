namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// Single flight per object: the fill running for each key, which every concurrent caller joins, and the keys
/// protected from eviction while a fill of theirs is running or its waiters are still opening their streams.
/// </summary>
/// <remarks>Not thread-safe: the cache calls it under its lock.</remarks>
internal sealed class Flights
{
    private readonly Dictionary<CacheKey, Flight> _running = [];
    private readonly Dictionary<CacheKey, int> _protectCounts = [];
    private readonly HashSet<CacheKey> _protected = [];

    /// <summary>Keys the eviction policy must skip.</summary>
    public IReadOnlySet<CacheKey> Protected => _protected;

    /// <summary>
    /// Joins the key's running fill, or starts one (<paramref name="started"/>: the caller must run it). The caller is
    /// a waiter until it calls <see cref="Leave"/>.
    /// </summary>
    public Flight Join(CacheKey key, bool verifyExisting, out bool started)
    {
        started = !_running.TryGetValue(key, out var flight);
        if (flight is null)
        {
            flight = new Flight(key, verifyExisting);
            _running.Add(key, flight);
            Protect(key);
        }
        flight.Waiters++;
        return flight;
    }

    /// <summary>
    /// A fill ended (with <paramref name="result"/>, or null on failure). It stops being joinable before its outcome is
    /// published, so a call after a failure starts a fresh fill. True when nobody waits on it any more: see <see cref="Leave"/>.
    /// </summary>
    public bool Finish(Flight flight, Fill? result)
    {
        flight.Done = true;
        flight.Result = result;
        if (_running.TryGetValue(flight.Key, out var current) && current == flight) _running.Remove(flight.Key);
        return Settle(flight);
    }

    /// <summary>
    /// One waiter is done with a flight (opened its stream or gave up). True when that settled the flight: its key is no
    /// longer protected by it, and an unkept file it left (<see cref="Fill.Registered"/> false) can be deleted.
    /// </summary>
    public bool Leave(Flight flight)
    {
        flight.Waiters--;
        return Settle(flight);
    }

    private bool Settle(Flight flight)
    {
        if (!flight.Done || flight.Waiters > 0) return false;
        Unprotect(flight.Key);
        return true;
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
}
