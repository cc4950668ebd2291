using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Netflix.Common;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Hosting;

/// <summary>
/// The Orleans client every process (console client, edge, website) uses to reach its region's cluster, set up one way.
/// </summary>
public static class NetflixClusterClient
{
    /// <summary>The ADO.NET provider of the regions' PostgreSQL databases.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>
    /// An Orleans client of <paramref name="address"/>'s cluster (cluster id of the region, the service's id), in the trusted tier
    /// with <paramref name="tierKey"/>, whose traced calls carry their trace into the grains (Orleans' activity propagation;
    /// with nothing listening, no span is made). <paramref name="more"/> adds a process's own client settings.
    /// </summary>
    public static IHostApplicationBuilder AddNetflixClusterClient(this IHostApplicationBuilder builder, ClusterAddress address, TierKey tierKey,
        Action<IClientBuilder>? more = null)
    {
        builder.UseOrleansClient(client =>
        {
            client.Services.AddTrustedTierCredential(tierKey);
            client.AddActivityPropagation();
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = address.Region.ClusterId;
                o.ServiceId = RegionDirectory.ServiceId;
            });
            if (address.ConnectionString is { } connectionString)
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = AdoNetInvariant;
                    o.ConnectionString = connectionString;
                });
            }
            else
            {
                client.UseStaticClustering([.. address.Gateways]);
            }
            more?.Invoke(client);
        });
        return builder;
    }
}
