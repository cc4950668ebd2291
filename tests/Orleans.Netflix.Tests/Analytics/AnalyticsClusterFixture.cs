using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>
/// A two-silo in-memory us-east cluster that can start plays (steering keys; <see cref="PlayableRegion"/> adds a
/// title and an edge), so the analytics log sees the events a real press of play publishes.
/// </summary>
public sealed class AnalyticsClusterFixture : IAsyncLifetime
{
    public AnalyticsClusterFixture()
    {
        var builder = new TestClusterBuilder(2);
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netflix:Cdn:SigningKeys:0:Id"] = "analytics-test",
            ["Netflix:Cdn:SigningKeys:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Netflix:Analytics:WriteEvery"] = "00:00:00.050",
            ["Netflix:Analytics:StreamPollEvery"] = StreamPollEvery,
        }));
        builder.AddSiloBuilderConfigurator<Configurator>();
        builder.AddClientBuilderConfigurator<TrustedTierClient>();
        Cluster = builder.Build();
    }

    /// <summary>How often the silos' stream queues are polled when empty: not the default, to show the setting is applied.</summary>
    public const string StreamPollEvery = "00:00:00.250";

    public TestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddNetflixSilo(TestSiloSettings.InMemory(NetflixRegions.Shipped.Get("us-east")), SiloHosting.TestCluster);
    }
}

[CollectionDefinition(Name)]
public sealed class AnalyticsClusterCollection : ICollectionFixture<AnalyticsClusterFixture>
{
    public const string Name = "analytics in-memory cluster";
}
