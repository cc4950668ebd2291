using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
        else services.AddSingleton<IAnalyticsStore>(_ => PostgresAnalyticsStore.Open(connectionString));
        services.AddSingleton<AnalyticsPublisher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AnalyticsPublisher>());
        services.AddSingleton<AnalyticsWriter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AnalyticsWriter>());
        return services;
    }
}
