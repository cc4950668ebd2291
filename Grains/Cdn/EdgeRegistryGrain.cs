using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Cdn;

/// <summary>
/// The region's edges, in memory only: edges heartbeat every few seconds, so after a restart of the
/// grain (or the cluster) the registry is whole again within one heartbeat, and nothing stale survives.
/// </summary>
[GrainType("edge-registry")]
public sealed class EdgeRegistryGrain(IOptions<CdnOptions> options, TimeProvider clock) : Grain, IEdgeRegistryGrain
{
    private readonly Dictionary<string, EdgeInfo> _edges = new(StringComparer.Ordinal);

    public Task Heartbeat(EdgeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        GrainKeys.Validate(report.EdgeId, "edge");
        if (!string.Equals(report.Region, this.GetPrimaryKeyString(), StringComparison.Ordinal))
            throw new ArgumentException($"edge {report.EdgeId} is in region {report.Region}, this registry is {this.GetPrimaryKeyString()}");
        if (!Uri.TryCreate(report.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"edge {report.EdgeId} base URL '{report.BaseUrl}' is not an absolute http(s) URL");
        var now = clock.GetUtcNow();
        var registeredAt = _edges.TryGetValue(report.EdgeId, out var known) && IsLive(known, now) ? known.RegisteredAt : now;
        _edges[report.EdgeId] = new EdgeInfo(report, now, registeredAt);
        foreach (var stale in _edges.Values.Where(e => !IsLive(e, now)).Select(e => e.Report.EdgeId).ToArray()) _edges.Remove(stale);
        return Task.CompletedTask;
    }

    public Task Deregister(string edgeId)
    {
        _edges.Remove(edgeId);
        return Task.CompletedTask;
    }

    // Read-only (it interleaves with other reads): stale edges are only left out here; heartbeats prune them.
    public Task<EdgeInfo[]> Live()
    {
        var now = clock.GetUtcNow();
        return Task.FromResult(_edges.Values.Where(e => IsLive(e, now)).OrderBy(e => e.Report.EdgeId, StringComparer.Ordinal).ToArray());
    }

    private bool IsLive(EdgeInfo edge, DateTimeOffset now) => now - edge.LastHeartbeat <= options.Value.EdgeTimeout;
}
