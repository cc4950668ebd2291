using Orleans.Netflix.Common;

namespace Orleans.Netflix.Cdn;

/// <summary>
/// The edges of one region (key: region name). Soft state: edges heartbeat every few seconds and
/// one whose heartbeats stop for <c>Netflix:Cdn:EdgeTimeout</c> drops out of <see cref="Live"/>.
/// </summary>
[Alias("netflix.IEdgeRegistryGrain")]
public interface IEdgeRegistryGrain : INetflixGrain
{
    /// <summary>Registers the edge or refreshes it; the first heartbeat is the registration.</summary>
    [Alias("Heartbeat"), TrustedTierOnly]
    Task Heartbeat(EdgeReport report);

    /// <summary>An edge leaving on purpose (graceful shutdown) drops out at once.</summary>
    [Alias("Deregister"), TrustedTierOnly]
    Task Deregister(string edgeId);

    /// <summary>The edges whose last heartbeat is recent enough, ordered by id.</summary>
    [Alias("Live"), Orleans.Concurrency.ReadOnly]
    Task<EdgeInfo[]> Live();
}
