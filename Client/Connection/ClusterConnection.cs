using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Common;
using Orleans.Netflix.Hosting;

namespace Orleans.Netflix.Client.Connection;

/// <summary>An external Orleans client connected to one region's cluster, in the trusted tier (<see cref="ClientOptions.TierKey"/>).</summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>How long the check that a gateway listens at all may take (see <see cref="GatewayProbe"/>).</summary>
    private static readonly TimeSpan GatewayProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly IHost _host;

    private ClusterConnection(IHost host, string description)
    {
        _host = host;
        Description = description;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    public string Description { get; }

    public static async Task<ClusterConnection> ConnectAsync(ClientOptions options, CancellationToken cancellationToken)
    {
        var address = ClusterAddress.Resolve(ClientConfiguration.Regions, options.Region, options.Gateways, options.ConnectionString);
        var tierKey = TierKey.FromSetting(options.TierKey); // before connecting: a bad key is one line (TierKeyException)
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        builder.Logging.ClearProviders();
        // Traces (a press play's) to OTEL_EXPORTER_OTLP_ENDPOINT when set; this host reads no environment otherwise.
        builder.Configuration.AddInMemoryCollection(NetflixTracing.StandardEnvironment());
        builder.Services.AddOpenTelemetry().WithNetflixTracing(builder.Configuration, "netflix-client", t => t.AddSource("System.Net.Http"));
        builder.AddNetflixClusterClient(address, tierKey);

        var description = address.Description;
        if (!address.UsesDatabase && !await GatewayProbe.AnyMayListenAsync([.. address.Gateways], GatewayProbeTimeout, cancellationToken))
            throw new ClusterUnreachableException($"cannot reach cluster {description}: no gateway accepts connections");

        var host = builder.Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        try
        {
            await host.StartAsync(deadline.Token);
            return new ClusterConnection(host, description);
        }
        catch (Exception e)
        {
            host.Dispose();
            var reason = e is OperationCanceledException ? $"no answer within {options.ConnectTimeout.TotalSeconds:0} s" : e.GetBaseException().Message;
            throw new ClusterUnreachableException($"cannot reach cluster {description}: {reason}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
