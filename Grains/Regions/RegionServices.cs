using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Netflix.Grains.Regions;

public static class RegionServices
{
    /// <summary>The silo's region and its traffic counter (reported to the region's traffic grain).</summary>
    public static IServiceCollection AddNetflixRegion(this IServiceCollection services, string region)
    {
        services.AddSingleton(new SiloRegion(region));
        services.AddSingleton<RegionTrafficCounter>();
        services.TryAddSingleton<IReplicationMonitor, NoReplication>(); // the host adds the real one where replication runs
        services.AddHostedService(sp => sp.GetRequiredService<RegionTrafficCounter>());
        return services;
    }
}
