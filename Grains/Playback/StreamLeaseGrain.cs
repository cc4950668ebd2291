using Orleans.Netflix.Common;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Grains.Playback;

/// <summary>
/// A member's stream slots in memory: leases with an expiry, lapsed ones dropped whenever the grain is
/// asked. Losing this grain (a silo crash) frees every slot, which errs on the member's side; sessions
/// take their slot back on their next heartbeat.
/// </summary>
[GrainType("stream-lease")]
public sealed class StreamLeaseGrain(TimeProvider clock) : Grain, IStreamLeaseGrain
{
    private readonly Dictionary<string, DateTimeOffset> _leases = new(StringComparer.Ordinal); // session → expiry

    public Task<bool> TryAcquire(string sessionId, int limit, TimeSpan lifetime)
    {
        GrainKeys.Validate(sessionId, "session");
        DropLapsed();
        if (!_leases.ContainsKey(sessionId) && _leases.Count >= limit) return Task.FromResult(false);
        _leases[sessionId] = clock.GetUtcNow() + lifetime;
        return Task.FromResult(true);
    }

    public Task<bool> Renew(string sessionId, TimeSpan lifetime)
    {
        DropLapsed();
        if (!_leases.ContainsKey(sessionId)) return Task.FromResult(false);
        _leases[sessionId] = clock.GetUtcNow() + lifetime;
        return Task.FromResult(true);
    }

    public Task Release(string sessionId)
    {
        _leases.Remove(sessionId);
        return Task.CompletedTask;
    }

    public Task<string[]> Active()
    {
        DropLapsed();
        return Task.FromResult(_leases.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    private void DropLapsed()
    {
        var now = clock.GetUtcNow();
        foreach (var (session, expiry) in _leases.ToArray())
        {
            if (expiry <= now) _leases.Remove(session);
        }
    }
}
