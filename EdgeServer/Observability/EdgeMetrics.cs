using System.Diagnostics.Metrics;

namespace Orleans.Netflix.EdgeServer.Observability;

/// <summary>
/// The edge's instruments (meter "Orleans.Netflix.Edge", exported as Prometheus text at /metrics):
/// requests by status, cache hits and misses, bytes served from cache vs pulled from origin, origin pull latency,
/// and the content cache's counters (<see cref="CacheCounters"/>).
/// </summary>
public sealed class EdgeMetrics : IDisposable
{
    public const string MeterName = "Orleans.Netflix.Edge";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _originPull;

    public EdgeMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _requests = _meter.CreateCounter<long>("edge.requests", description: "HTTP requests answered, by status code");
        _hits = _meter.CreateCounter<long>("edge.cache.hits", description: "objects served from the cache");
        _misses = _meter.CreateCounter<long>("edge.cache.misses", description: "objects pulled from origin");
        _bytes = _meter.CreateCounter<long>("edge.bytes", unit: "By", description: "bytes sent to players, by where the object came from (cache or origin)");
        _originPull = _meter.CreateHistogram<double>("edge.origin.pull.duration", unit: "s", description: "time to pull and verify one object from origin");
        Cache = new CacheCounters(_meter);
    }

    /// <summary>The content cache's own counters, on this meter.</summary>
    public CacheCounters Cache { get; }

    public void Request(int status) => _requests.Add(1, new KeyValuePair<string, object?>("status", status));

    public void Served(bool fromCache, long bytes)
    {
        (fromCache ? _hits : _misses).Add(1);
        _bytes.Add(bytes, new KeyValuePair<string, object?>("source", fromCache ? "cache" : "origin"));
    }

    public void OriginPull(TimeSpan elapsed) => _originPull.Record(elapsed.TotalSeconds);

    public void Dispose() => _meter.Dispose();
}
