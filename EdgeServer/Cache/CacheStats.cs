namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// A snapshot of the cache's counters since it started, for heartbeats and metrics.
/// </summary>
/// <param name="Hits">Requests served from the cache.</param>
/// <param name="Misses">Requests whose bytes came from the origin (callers that shared one fetch each count).</param>
/// <param name="BytesFromCache">Bytes of the objects served as hits.</param>
/// <param name="BytesFromOrigin">Bytes of the objects served as misses: BytesFromCache over the sum of both is the byte hit ratio.</param>
/// <param name="Evictions">Objects dropped to make room.</param>
/// <param name="StoredBytes">Bytes of the objects now held; never more than <paramref name="CapacityBytes"/> once a call returns.</param>
/// <param name="StoredObjects">Objects now held.</param>
/// <param name="CapacityBytes">The configured bound.</param>
public sealed record CacheStats(
    long Hits,
    long Misses,
    long BytesFromCache,
    long BytesFromOrigin,
    long Evictions,
    long StoredBytes,
    int StoredObjects,
    long CapacityBytes)
{
    /// <summary>Calls actually made to the origin: concurrent misses of one object share a single call.</summary>
    public long OriginFetches { get; init; }
}
