using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Analytics;

public static class AnalyticsServices
{
    /// <summary>
    /// The analytics log's silo services, with options bound from "Netflix:Analytics": the publisher grains use, the
    /// batching writer, and the store: PostgreSQL when <paramref name="connectionString"/> names a database, otherwise
    /// the cluster's in-memory log grain. The silo adds the stream provider (<see cref="Netflix.Analytics.AnalyticsStreams.Provider"/>).
    /// </summary>
    public static IServiceCollection AddNetflixAnalytics(this IServiceCollection services, IConfiguration configuration, string? connectionString)
    {
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section));
        if (string.IsNullOrWhiteSpace(connectionString)) services.AddSingleton<IAnalyticsStore, GrainAnalyticsStore>();
        else services.AddSingleton(sp => OpenRegionLogs(sp, configuration, connectionString));
        services.AddSingleton<AnalyticsPublisher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AnalyticsPublisher>());
        services.AddSingleton<AnalyticsWriter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AnalyticsWriter>());
        return services;
    }

    /// <summary>
    /// This region's log, read together with every other region's whose connection string is configured
    /// (<c>ConnectionStrings:&lt;region&gt;</c>, as replication finds its peers), so a member's home screen is trained on
    /// the same plays whichever region serves it.
    /// </summary>
    private static IAnalyticsStore OpenRegionLogs(IServiceProvider services, IConfiguration configuration, string connectionString)
    {
        var home = services.GetRequiredService<SiloRegion>().Name;
        var own = PostgresAnalyticsStore.Open(connectionString);
        var others = services.GetRequiredService<RegionDirectory>().All
            .Where(r => r.Name != home)
            .Select(r => (r.Name, ConnectionString: configuration.GetConnectionString(r.Name)))
            .Where(p => !string.IsNullOrWhiteSpace(p.ConnectionString))
            .ToDictionary(p => p.Name, p => (IAnalyticsStore)PostgresAnalyticsStore.Open(p.ConnectionString!), StringComparer.Ordinal);
        return others.Count == 0
            ? own
            : new AllRegionsAnalyticsStore(home, own, others, services.GetRequiredService<ILogger<AllRegionsAnalyticsStore>>());
    }
}
