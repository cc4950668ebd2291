using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Netflix.Common;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Grains;

/// <summary>
/// A two-silo in-memory us-east cluster on real TCP, so that besides its own (trusted-tier) client, tests can connect
/// plain Orleans clients as a device would: without any credential, or signing with a key that is not the tier's.
/// </summary>
public sealed class TrustedTierClusterFixture : IAsyncLifetime
{
    private readonly List<IHost> _clients = [];

    public TrustedTierClusterFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), $"netflix-trusted-tier-{Guid.NewGuid():N}");
        var builder = new TestClusterBuilder(2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netflix:Cdn:SigningKeys:0:Id"] = "trusted-tier-test",
            ["Netflix:Cdn:SigningKeys:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Netflix:Ingest:WorkRoot"] = WorkRoot,
        }));
        builder.AddSiloBuilderConfigurator<Configurator>();
        builder.AddClientBuilderConfigurator<TrustedTierClient>();
        Cluster = builder.Build();
    }

    public TestCluster Cluster { get; }

    /// <summary>The trusted tier's client.</summary>
    public IClusterClient Client => Cluster.Client;

    public string Root { get; }

    public string WorkRoot => Path.Combine(Root, "work");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkRoot);
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.StopAsync(TimeSpan.FromSeconds(5));
            client.Dispose();
        }
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A plain Orleans client connected to the cluster's gateways: a device, or one signing with <paramref name="key"/>.</summary>
    public async Task<IClusterClient> ConnectAsync(TierKey? key = null)
    {
        var gateways = Cluster.Silos.Select(s => s.GatewayAddress?.Endpoint).OfType<IPEndPoint>().ToArray();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = Cluster.Options.ClusterId;
                o.ServiceId = Cluster.Options.ServiceId;
            });
            client.UseStaticClustering(gateways);
            if (key is not null) client.Services.AddTrustedTierCredential(key);
        });
        var host = builder.Build();
        await host.StartAsync();
        lock (_clients) _clients.Add(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddNetflixSilo(TestSiloSettings.InMemory(NetflixRegions.Shipped.Get("us-east")), SiloHosting.TestCluster);
    }
}

[CollectionDefinition(Name)]
public sealed class TrustedTierCollection : ICollectionFixture<TrustedTierClusterFixture>
{
    public const string Name = "trusted tier cluster";
}
