using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// One region's cluster of one or more silos in this process, configured exactly as the real silo (<see cref="NetflixSiloBuilderExtensions.AddNetflixSilo"/>),
/// on free loopback ports: us-east on in-memory storage by default, or any region on its PostgreSQL database
/// (ADO.NET clustering, storage and reminders, member data through the replicator, as a silo given a connection
/// string). Logs Warning and above to stderr. Extra configuration keys (such as <c>Netflix:Ingest:WorkRoot</c>, or
/// <c>ConnectionStrings:&lt;region&gt;</c> of other regions, which turns replication on) reach the silo's
/// <c>Configuration</c>; none are set by default. With <c>serveOrigin</c> each silo also serves its origin root over HTTP on a
/// free port (<see cref="SiloSettings.OriginPort"/>), as a silo given <c>--origin-port</c>.
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

    /// <summary>One service from each silo (for counters the benchmark reports, such as events published and dropped).</summary>
    public IReadOnlyList<T> Services<T>() where T : notnull => [.. _hosts.Select(h => h.Services.GetRequiredService<T>())];

    public string Gateway => $"{Settings.AdvertisedAddress}:{Settings.GatewayPort}";

    public static Task<InProcessRegion> StartAsync(CancellationToken cancellationToken) => StartAsync(null, cancellationToken);

    public static Task<InProcessRegion> StartAsync(IReadOnlyDictionary<string, string?>? configuration, CancellationToken cancellationToken) =>
        StartAsync(configuration, silos: 1, cancellationToken);

    public static Task<InProcessRegion> StartAsync(IReadOnlyDictionary<string, string?>? configuration, int silos, CancellationToken cancellationToken) =>
        StartAsync("us-east", connectionString: null, configuration, silos, cancellationToken);

    /// <summary>
    /// Starts <paramref name="silos"/> silos of <paramref name="region"/> one after the other, the first being the cluster's primary;
    /// on <paramref name="connectionString"/>'s database when given, else in memory.
    /// </summary>
    public static Task<InProcessRegion> StartAsync(string region, string? connectionString, IReadOnlyDictionary<string, string?>? configuration, int silos,
        CancellationToken cancellationToken) =>
        StartAsync(region, connectionString, configuration, silos, serveOrigin: false, cancellationToken);

    /// <summary>As above; with <paramref name="serveOrigin"/> every silo serves its origin root over HTTP on a free port of its own.</summary>
    public static Task<InProcessRegion> StartAsync(string region, string? connectionString, IReadOnlyDictionary<string, string?>? configuration, int silos,
        bool serveOrigin, CancellationToken cancellationToken) =>
        StartAsync(region, connectionString, configuration, silos, serveOrigin, services: null, cancellationToken);

    /// <summary>One us-east silo in memory whose services <paramref name="services"/> then changes (a benchmark's stand-in for one part).</summary>
    public static Task<InProcessRegion> StartAsync(IReadOnlyDictionary<string, string?>? configuration, Action<IServiceCollection> services, CancellationToken cancellationToken) =>
        StartAsync("us-east", connectionString: null, configuration, silos: 1, serveOrigin: false, services, cancellationToken);

    private static async Task<InProcessRegion> StartAsync(string region, string? connectionString, IReadOnlyDictionary<string, string?>? configuration, int silos,
        bool serveOrigin, Action<IServiceCollection>? services, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        var info = NetflixRegions.Shipped.Get(region);
        var hosts = new List<IHost>();
        try
        {
            var primary = await StartSiloAsync(info, connectionString, configuration, instance: 0, primarySiloPort: null, serveOrigin, services, cancellationToken);
            hosts.Add(primary.Host);
            for (var i = 1; i < silos; i++)
                hosts.Add((await StartSiloAsync(info, connectionString, configuration, i, primary.Settings.SiloPort, serveOrigin, services, cancellationToken)).Host);
            return new InProcessRegion(hosts, primary.Settings);
        }
        catch
        {
            await StopAsync(hosts);
            throw;
        }
    }

    private static async Task<(IHost Host, SiloSettings Settings)> StartSiloAsync(RegionInfo region, string? connectionString,
        IReadOnlyDictionary<string, string?>? configuration, int instance, int? primarySiloPort, bool serveOrigin, Action<IServiceCollection>? services,
        CancellationToken cancellationToken)
    {
        var ports = FreePorts(serveOrigin ? 3 : 2);
        var (siloPort, gatewayPort) = (ports[0], ports[1]);
        var settings = new SiloSettings(
            Region: region,
            Instance: instance,
            SiloPort: siloPort,
            GatewayPort: gatewayPort,
            PrimarySiloPort: primarySiloPort ?? siloPort,
            AdvertisedAddress: IPAddress.Loopback,
            ConnectionString: connectionString,
            DatabaseTimeout: TimeSpan.FromSeconds(5),
            OriginPort: serveOrigin ? ports[2] : 0);

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
        builder.UseOrleans(silo =>
        {
            silo.AddNetflixSilo(settings);
            services?.Invoke(silo.Services);
        });

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

    /// <summary>Distinct ports the OS says are free now (every listener held open until all are known).</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
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
