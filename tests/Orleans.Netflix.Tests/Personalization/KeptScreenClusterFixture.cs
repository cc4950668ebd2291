using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Grains.Personalization;
using Orleans.Netflix.Grains.Personalization.Browse;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Personalization;

/// <summary>
/// Two in-memory silos with a seeded catalog (<see cref="Titles"/> titles) and members with history, whose artwork take window is
/// <see cref="TakeWindow"/> (seconds, not the production 10 min) and whose home screens send their impressions every 100 ms, so
/// that tests see every impression learnt, taken or not, in real time. <see cref="UseKeptScreens"/> switches the silos between the
/// kept screens and the path before (<see cref="BrowseOptions.KeepScreens"/>), as a configuration reload does.
/// </summary>
public sealed class KeptScreenClusterFixture : IAsyncLifetime
{
    public const int Titles = 300;
    public const int Members = 40;
    public static readonly TimeSpan TakeWindow = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan PlayHold = TimeSpan.FromSeconds(1);

    public TestCluster Cluster { get; } = new TestClusterBuilder(initialSilosCount: 2)
        .AddSiloBuilderConfigurator<Configurator>()
        .AddClientBuilderConfigurator<TrustedTierClient>()
        .Build();

    public IClusterClient Client => Cluster.Client;

    public IEnumerable<IServiceProvider> Silos => Cluster.Silos.OfType<InProcessSiloHandle>().Select(s => s.SiloHost.Services);

    public async Task InitializeAsync()
    {
        await Cluster.DeployAsync();
        await new Seeder(Client).RunAsync(new Seeder.Plan(Titles, Members, CatalogGenerator.DefaultSeed, 100, 4, PlaysPerMember: 20), null, default);
        await Client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main).Flush();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Every silo's home screens from now on: kept (true) or laid out anew with a grain call per title (false).</summary>
    public void UseKeptScreens(bool keep)
    {
        foreach (var services in Silos)
        {
            var current = services.GetRequiredService<IOptionsMonitor<BrowseOptions>>().CurrentValue;
            var changed = new BrowseOptions();
            foreach (var property in typeof(BrowseOptions).GetProperties().Where(p => p.CanWrite)) property.SetValue(changed, property.GetValue(current));
            changed.KeepScreens = keep;
            var cache = services.GetRequiredService<IOptionsMonitorCache<BrowseOptions>>();
            var monitor = services.GetRequiredService<IOptionsMonitor<BrowseOptions>>();
            // Grains read the options all the time (the 100 ms impression flushes), and one of them may fill the emptied cache
            // from configuration between the remove and the add: swap until the cached value is this one.
            while (!ReferenceEquals(monitor.CurrentValue, changed))
            {
                cache.TryRemove(Options.DefaultName);
                cache.TryAdd(Options.DefaultName, changed);
            }
            Assert.Equal(keep, monitor.CurrentValue.KeepScreens);
        }
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddNetflixSilo(TestSiloSettings.InMemory(NetflixRegions.Shipped.Get("us-east")), SiloHosting.TestCluster);
            siloBuilder.Services.Configure<ArtworkOptions>(o =>
            {
                o.TakeWindow = TakeWindow;
                o.SweepEvery = TimeSpan.FromMilliseconds(250);
                o.PlayHold = PlayHold;
            });
            siloBuilder.Services.Configure<BrowseOptions>(o =>
            {
                o.ArtworkFlushEvery = TimeSpan.FromMilliseconds(100);
                o.ArtworkCopyFor = TimeSpan.FromMilliseconds(500);
            });
        }
    }
}
