using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Configuration;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// One us-east silo in this process, configured exactly as the real silo (<see cref="NetflixSiloBuilderExtensions.AddNetflixSilo"/>)
/// with in-memory storage, on free loopback ports. Logs Warning and above to stderr. Extra configuration
/// keys (such as <c>Netflix:Ingest:WorkRoot</c>) reach the silo's <c>Configuration</c>; none are set by default.
/// </summary>
public sealed class InProcessRegion : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessRegion(IHost host, SiloSettings settings)
    {
        _host = host;
        Settings = settings;
    }

    public SiloSettings Settings { get; }

    public string Gateway => $"{Settings.AdvertisedAddress}:{Settings.GatewayPort}";

    public static Task<InProcessRegion> StartAsync(CancellationToken cancellationToken) => StartAsync(null, cancellationToken);

    public static async Task<InProcessRegion> StartAsync(IReadOnlyDictionary<string, string?>? configuration, CancellationToken cancellationToken)
    {
        var (siloPort, gatewayPort) = FreePorts();
        var settings = new SiloSettings(
            Region: RegionDirectory.Get("us-east"),
            Instance: 0,
            SiloPort: siloPort,
            GatewayPort: gatewayPort,
            PrimarySiloPort: siloPort,
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
        return new InProcessRegion(host, settings);
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
