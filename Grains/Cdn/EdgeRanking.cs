using Orleans.Netflix.Cdn;

namespace Orleans.Netflix.Grains.Cdn;

/// <summary>
/// How steering orders a region's live edges for one client: nearest first (same site, same region,
/// elsewhere), then healthy before degraded (draining edges are left out), then those already holding
/// the title, then the least loaded (sessions, then egress), then by id so the
/// order is stable.
/// </summary>
public static class EdgeRanking
{
    public static IReadOnlyList<(EdgeInfo Edge, EdgeProximity Proximity, bool HoldsTitle)> Rank(
        IEnumerable<EdgeInfo> edges, string titleId, string clientRegion, string clientLocation) =>
        edges
            .Where(e => e.Report.Health != EdgeHealth.Draining)
            .Select(e => (Edge: e, Proximity: ProximityOf(e.Report, clientRegion, clientLocation), HoldsTitle: e.Report.TitlesHeld.Contains(titleId, StringComparer.Ordinal)))
            .OrderBy(x => x.Proximity)
            .ThenBy(x => x.Edge.Report.Health)
            .ThenByDescending(x => x.HoldsTitle)
            .ThenBy(x => x.Edge.Report.ActiveSessions)
            .ThenBy(x => x.Edge.Report.EgressBitsPerSecond)
            .ThenBy(x => x.Edge.Report.EdgeId, StringComparer.Ordinal)
            .ToArray();

    public static EdgeProximity ProximityOf(EdgeReport edge, string clientRegion, string clientLocation) =>
        !string.Equals(edge.Region, clientRegion, StringComparison.OrdinalIgnoreCase) ? EdgeProximity.Elsewhere
        : string.Equals(edge.Location, clientLocation, StringComparison.OrdinalIgnoreCase) ? EdgeProximity.SameSite
        : EdgeProximity.SameRegion;
}
