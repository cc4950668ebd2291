using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Grains.Personalization;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Personalization;

/// <summary>
/// A one-silo in-memory cluster whose artwork take window is <see cref="TakeWindow"/> (seconds, not the production 10 min),
/// swept often, so that tests see impressions expire as not taken in real time.
/// </summary>
public sealed class ArtworkClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan TakeWindow = TimeSpan.FromSeconds(2);

    public TestCluster Cluster { get; } = new TestClusterBuilder(initialSilosCount: 1)
        .AddSiloBuilderConfigurator<ShortWindowConfigurator>()
        .AddClientBuilderConfigurator<TrustedTierClient>()
        .Build();

    public IClusterClient Client => Cluster.Client;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class ShortWindowConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddNetflixSilo(TestSiloSettings.InMemory(NetflixRegions.Shipped.Get("us-east")), SiloHosting.TestCluster);
            siloBuilder.Services.TryAddSingleton<IAnalyticsStore, EmptyAnalyticsStore>();
            siloBuilder.Services.Configure<ArtworkOptions>(o =>
            {
                o.TakeWindow = TakeWindow;
                o.SweepEvery = TimeSpan.FromMilliseconds(250);
            });
        }
    }
}
