using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// One us-east cluster of one or more silos in this process, configured exactly as the real silo (<see cref="NetflixSiloBuilderExtensions.AddNetflixSilo"/>)
/// with in-memory storage, on free loopback ports. Logs Warning and above to stderr. Extra configuration
/// keys (such as <c>Netflix:Ingest:WorkRoot</c>) reach the silo's <c>Configuration</c>; none are set by default.
/// </summary>
public sealed class InProcessRegion : IAsyncDisposable
{
    private readonly IReadOnlyList<IHost> _hosts;

    private InProcessRegion(IReadOnlyList<IHost> hosts, SiloSettings settings)
    {
        _hosts = hosts;
        Settings = settings;
    }

    /// <summary>The first (primary) silo's settings; its gateway is the one clients use.</summary>
    public SiloSettings Settings { get; }

    public int Silos => _hosts.Count;

    public string Gateway => $"{Settings.AdvertisedAddress}:{Settings.GatewayPort}";

    public static Task<InProcessRegion> StartAsync(CancellationToken cancellationToken) => StartAsync(null, cancellationToken);

    public static Task<InProcessRegion> StartAsync(IReadOnlyDictionary<string, string?>? configuration, CancellationToken cancellationToken) =>
        StartAsync(configuration, silos: 1, cancellationToken);

    /// <summary>Starts <paramref name="silos"/> silos one after the other, the first being the cluster's primary.</summary>
    public static async Task<InProcessRegion> StartAsync(IReadOnlyDictionary<string, string?>? configuration, int silos, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        var hosts = new List<IHost>();
        try
        {
            var primary = await StartSiloAsync(configuration, instance: 0, primarySiloPort: null, cancellationToken);
            hosts.Add(primary.Host);
            for (var i = 1; i < silos; i++)
                hosts.Add((await StartSiloAsync(configuration, i, primary.Settings.SiloPort, cancellationToken)).Host);
            return new InProcessRegion(hosts, primary.Settings);
        }
        catch
        {
            await StopAsync(hosts);
            throw;
        }
    }

    private static async Task<(IHost Host, SiloSettings Settings)> StartSiloAsync(IReadOnlyDictionary<string, string?>? configuration, int instance,
        int? primarySiloPort, CancellationToken cancellationToken)
    {
        var (siloPort, gatewayPort) = FreePorts();
        var settings = new SiloSettings(
            Region: RegionDirectory.Get("us-east"),
            Instance: instance,
            SiloPort: siloPort,
            GatewayPort: gatewayPort,
            PrimarySiloPort: primarySiloPort ?? siloPort,
            AdvertisedAddress: IPAddress.Loopback,
            ConnectionString: null,
            DatabaseTimeout: TimeSpan.FromSeconds(5));

        // No defaults: the copied appsettings.json and environment variables must not change what is measured.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        if (configuration is { Count: > 0 }) builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.UseOrleans(silo => silo.AddNetflixSilo(settings));

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return (host, settings);
    }

    /// <summary>Two distinct ports the OS says are free now (both listeners held open until both are known).</summary>
    private static (int Silo, int Gateway) FreePorts()
    {
        var first = new TcpListener(IPAddress.Loopback, 0);
        var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        try
        {
            second.Start();
            try
            {
                return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
            }
            finally
            {
                second.Stop();
            }
        }
        finally
        {
            first.Stop();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(_hosts));

    /// <summary>Stops the silos, the primary last.</summary>
    private static async Task StopAsync(IReadOnlyList<IHost> hosts)
    {
        foreach (var host in hosts.Reverse())
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(10));
            }
            finally
            {
                host.Dispose();
            }
        }
    }
}
