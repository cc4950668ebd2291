using System.Diagnostics.Metrics;
using Orleans.Netflix.EdgeServer.Cache;

namespace Orleans.Netflix.EdgeServer.Observability;

/// <summary>
/// The content cache's counters since the edge started, as instruments on the edge's meter (exported at /metrics)
/// and as the totals /health and heartbeats read (<see cref="CacheStats"/>): objects handed out from the cache or the
/// origin (every caller that shared one fetch counts) and their bytes, evictions, and calls made to the origin. Both
/// data planes feed them: nginx's hits arrive through <see cref="ContentCache.RecordServedElsewhere"/>.
/// </summary>
public sealed class CacheCounters
{
    private long _hits;
    private long _misses;
    private long _bytesFromCache;
    private long _bytesFromOrigin;
    private long _evictions;
    private long _originFetches;

    /// <summary>Counters published on <paramref name="meter"/>; without one (a cache outside an edge, in tests and benchmarks) they are only counted.</summary>
    public CacheCounters(Meter? meter = null)
    {
        if (meter is null) return;
        meter.CreateObservableCounter("edge.cache.objects", () => BySource(Hits, Misses),
            description: "objects the cache handed out, by where their bytes came from (cache or origin)");
        meter.CreateObservableCounter("edge.cache.object.bytes", () => BySource(BytesFromCache, BytesFromOrigin), unit: "By",
            description: "whole-object bytes the cache handed out, by where they came from (cache or origin)");
        meter.CreateObservableCounter("edge.cache.evictions", () => Interlocked.Read(ref _evictions), description: "objects dropped to make room");
        meter.CreateObservableCounter("edge.cache.origin.fetches", () => Interlocked.Read(ref _originFetches),
            description: "calls made to the origin: concurrent misses of one object share one");
    }

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public long BytesFromCache => Interlocked.Read(ref _bytesFromCache);

    public long BytesFromOrigin => Interlocked.Read(ref _bytesFromOrigin);

    public long Evictions => Interlocked.Read(ref _evictions);

    public long OriginFetches => Interlocked.Read(ref _originFetches);

    /// <summary>One caller got the object, from the cache or (for this request) from the origin.</summary>
    public void Served(CacheKey key, bool fromCache)
    {
        if (fromCache)
        {
            Interlocked.Increment(ref _hits);
            Interlocked.Add(ref _bytesFromCache, key.Bytes);
        }
        else
        {
            Interlocked.Increment(ref _misses);
            Interlocked.Add(ref _bytesFromOrigin, key.Bytes);
        }
    }

    public void Evicted() => Interlocked.Increment(ref _evictions);

    public void OriginFetched() => Interlocked.Increment(ref _originFetches);

    private static Measurement<long>[] BySource(long fromCache, long fromOrigin) =>
    [
        new(fromCache, new KeyValuePair<string, object?>("source", "cache")),
        new(fromOrigin, new KeyValuePair<string, object?>("source", "origin")),
    ];
}
