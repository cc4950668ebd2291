using Microsoft.Extensions.Configuration;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// Test clusters of one region on PostgreSQL: ADO.NET membership (no test membership), storage and
/// reminders, with the region's real ClusterId and ServiceId so a restarted cluster finds its state.
/// Configurators are created by type, so the connection string travels in host configuration.
/// </summary>
public static class PostgresClusters
{
    private const string RegionKey = "Netflix:TestRegion";
    private const string ConnectionKey = "Netflix:TestConnectionString";

    public static async Task<TestCluster> StartAsync(string region, string connectionString, short silos = 1,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var info = NetflixRegions.Shipped.Get(region);
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ClusterId = info.ClusterId;
        builder.Options.ServiceId = RegionDirectory.ServiceId;
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [RegionKey] = region,
            [ConnectionKey] = connectionString,
        }.Concat(settings ?? new Dictionary<string, string?>())));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        builder.AddClientBuilderConfigurator<TrustedTierClient>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var region = NetflixRegions.From(siloBuilder.Configuration).Get(siloBuilder.Configuration[RegionKey]);
            siloBuilder.AddNetflixSilo(TestSiloSettings.WithDatabase(region, siloBuilder.Configuration[ConnectionKey]), SiloHosting.TestCluster);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = NetflixSiloBuilderExtensions.AdoNetInvariant;
                o.ConnectionString = configuration[ConnectionKey];
            });
    }
}
