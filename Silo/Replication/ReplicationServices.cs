using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Regions;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Orleans.Netflix.Silo.Replication;

public static class ReplicationServices
{
    /// <summary>
    /// Member data (<see cref="StorageNames.ReplicatedStore"/>) in this region's database, copied to every other
    /// region whose connection string is configured (<c>ConnectionStrings:&lt;region&gt;</c>). With none configured
    /// the region keeps it alone, exactly as before, in the same versioned rows.
    /// </summary>
    public static ISiloBuilder AddNetflixReplication(this ISiloBuilder silo, string region, string connectionString)
    {
        var services = silo.Services;
        var peers = RegionDirectory.All
            .Where(r => r.Name != region)
            .Select(r => (r.Name, ConnectionString: silo.Configuration.GetConnectionString(r.Name)))
            .Where(p => !string.IsNullOrWhiteSpace(p.ConnectionString))
            .ToArray();
        services.AddOptions<ReplicationOptions>().Bind(silo.Configuration.GetSection(ReplicationOptions.Section));
        services.AddSingleton(sp => new HybridLogicalClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RegionReplicator(
            ReplicaStore.Open(region, connectionString),
            [.. peers.Select(p => ReplicaStore.Open(p.Name, p.ConnectionString!))],
            sp.GetRequiredService<HybridLogicalClock>(),
            sp.GetRequiredService<IOptions<ReplicationOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RegionReplicator>>()));
        services.AddSingleton<LoadedReplicas>();
        services.AddSingleton<IReplicationMonitor, ReplicationMonitor>();
        services.AddSingleton<OutboxShipper>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxShipper>());
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<StaleReplicaListener>(sp, connectionString));
        services.AddGrainStorage(StorageNames.ReplicatedStore, (sp, _) => ActivatorUtilities.CreateInstance<ReplicatedGrainStorage>(sp));
        return silo;
    }
}
