using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Media.Copies;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Origin;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Orleans.Netflix.Silo.Replication;

public static class ReplicationServices
{
    /// <summary>
    /// Member data and the catalog (<see cref="StorageNames.ReplicatedStore"/>) in this region's database, copied to every
    /// other region whose connection string is configured (<c>ConnectionStrings:&lt;region&gt;</c>), and the copier that
    /// brings other regions' published media into this region's origin. With no other region configured the region keeps
    /// its state alone, in the same versioned rows.
    /// </summary>
    public static ISiloBuilder AddNetflixReplication(this ISiloBuilder silo, RegionDirectory regions, string region, string connectionString)
    {
        var services = silo.Services;
        var peers = regions.All
            .Where(r => r.Name != region)
            .Select(r => (r.Name, ConnectionString: silo.Configuration.GetConnectionString(r.Name)))
            .Where(p => !string.IsNullOrWhiteSpace(p.ConnectionString))
            .ToArray();
        services.AddOptions<ReplicationOptions>().Bind(silo.Configuration.GetSection(ReplicationOptions.Section));
        services.AddSingleton(sp => new HybridLogicalClock(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ReplicationOptions>>().Value.MaxClockDrift));
        services.AddSingleton(sp => ReplicaMerges.For(sp.GetRequiredService<IGrainStorageSerializer>()));
        services.AddSingleton(sp =>
        {
            var merges = sp.GetRequiredService<ReplicaMerges>();
            var maxDrift = sp.GetRequiredService<IOptions<ReplicationOptions>>().Value.MaxClockDrift;
            return new RegionReplicator(
                ReplicaStore.Open(region, connectionString, merges, maxDrift),
                [.. peers.Select(p => ReplicaStore.Open(p.Name, p.ConnectionString!, merges, maxDrift))],
                sp.GetRequiredService<HybridLogicalClock>(),
                sp.GetRequiredService<IOptions<ReplicationOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<RegionReplicator>>());
        });
        services.AddSingleton<LoadedReplicas>();
        services.AddSingleton<IReplicationMonitor, ReplicationMonitor>();
        services.AddHostedService<ReplicationMetrics>();
        services.AddSingleton<OutboxShipper>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxShipper>());
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<StaleReplicaListener>(sp, connectionString));
        services.AddGrainStorage(StorageNames.ReplicatedStore, (sp, _) => ActivatorUtilities.CreateInstance<ReplicatedGrainStorage>(sp));

        // Media follows the catalog: with other regions to copy from, this region's copier brings their published media in,
        // finding their origin servers in their databases.
        if (peers.Length > 0)
        {
            services.AddNetflixOriginCopies(silo.Configuration);
            services.AddSingleton<ConfiguredOrigins>();
            services.AddSingleton<IOriginLocator>(sp => ActivatorUtilities.CreateInstance<AnnouncedOrigins>(sp,
                (IReadOnlyDictionary<string, OriginEndpoints>)peers.ToDictionary(p => p.Name, p => OriginEndpoints.Open(p.ConnectionString!), StringComparer.Ordinal)));
        }
        return silo;
    }
}
