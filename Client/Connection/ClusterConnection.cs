using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Netflix.Common;
using Orleans.Netflix.Regions;
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
        var region = RegionDirectory.Get(options.Region);
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
        string description;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
            description = $"{region.ClusterId} (gateways from PostgreSQL {cs.Host}:{cs.Port}/{cs.Database})";
        }
        else
        {
            description = $"{region.ClusterId} at {string.Join(", ", GatewaysOf(options, region))}";
        }

        builder.UseOrleansClient(client =>
        {
            client.Services.AddTrustedTierCredential(tierKey);
            client.AddActivityPropagation(); // a traced call's trace goes on in the grains
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = region.ClusterId;
                o.ServiceId = RegionDirectory.ServiceId;
            });
            if (!string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = options.ConnectionString;
                });
            }
            else
            {
                client.UseStaticClustering(GatewaysOf(options, region).ToArray());
            }
        });

        if (string.IsNullOrWhiteSpace(options.ConnectionString)
            && !await GatewayProbe.AnyMayListenAsync([.. GatewaysOf(options, region)], GatewayProbeTimeout, cancellationToken))
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

    private static IEnumerable<IPEndPoint> GatewaysOf(ClientOptions options, RegionInfo region)
    {
        if (options.Gateways.Length == 0) return [new IPEndPoint(IPAddress.Loopback, region.GatewayPort)];
        return options.Gateways.Select(Parse);
    }

    private static IPEndPoint Parse(string gateway)
    {
        var parts = gateway.Trim().Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], out var port) || port is <= 0 or > 65535)
            throw new ArgumentException($"gateway '{gateway}' is not host:port");
        if (IPAddress.TryParse(parts[0], out var address)) return new IPEndPoint(address, port);
        var resolved = Dns.GetHostAddresses(parts[0]).FirstOrDefault()
                       ?? throw new ArgumentException($"gateway host '{parts[0]}' does not resolve");
        return new IPEndPoint(resolved, port);
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
