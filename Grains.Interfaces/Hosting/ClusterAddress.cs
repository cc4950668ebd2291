using System.Net;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Hosting;

/// <summary>
/// Where a process finds its region's cluster: the gateways in the region's PostgreSQL membership table when it has a
/// connection string, else the gateways it was given, else the region's default gateway port on 127.0.0.1 (from <see cref="RegionDirectory"/>).
/// </summary>
public sealed record ClusterAddress(RegionInfo Region, IReadOnlyList<IPEndPoint> Gateways, string? ConnectionString)
{
    /// <summary>
    /// The address from a process's settings; an <see cref="ArgumentException"/> for an unknown region or a bad gateway.
    /// Gateways are read only when there is no connection string, the one that wins.
    /// </summary>
    public static ClusterAddress Resolve(RegionDirectory regions, string? region, IEnumerable<string>? gateways, string? connectionString)
    {
        var info = regions.Get(region);
        if (!string.IsNullOrWhiteSpace(connectionString)) return new ClusterAddress(info, [], connectionString);
        IReadOnlyList<IPEndPoint> endpoints = gateways?.Select(GatewayEndpoint.Parse).ToArray() ?? [];
        return new ClusterAddress(info, endpoints.Count > 0 ? endpoints : [new IPEndPoint(IPAddress.Loopback, info.GatewayPort)], null);
    }

    public bool UsesDatabase => ConnectionString is not null;

    /// <summary>For messages: the cluster, and where its gateways come from.</summary>
    public string Description
    {
        get
        {
            if (ConnectionString is null) return $"{Region.ClusterId} at {string.Join(", ", Gateways)}";
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            return $"{Region.ClusterId} (gateways from PostgreSQL {cs.Host}:{cs.Port}/{cs.Database})";
        }
    }
}
