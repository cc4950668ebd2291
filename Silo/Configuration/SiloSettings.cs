using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Silo.Configuration;

/// <summary>Everything one silo needs to know, resolved from <see cref="NetflixSiloOptions"/>.</summary>
public sealed record SiloSettings(
    RegionInfo Region,
    int Instance,
    int SiloPort,
    int GatewayPort,
    int PrimarySiloPort,
    IPAddress AdvertisedAddress,
    string? ConnectionString,
    TimeSpan DatabaseTimeout,
    int OriginPort = 0,
    int MetricsPort = 0,
    int DashboardPort = 0)
{
    /// <summary>The origin's base URL when this silo serves origin storage (<see cref="OriginPort"/> above 0).</summary>
    public string? OriginUrl => OriginPort > 0 ? $"http://{AdvertisedAddress}:{OriginPort}/origin/" : null;

    public string ClusterId => Region.ClusterId;

    public bool UsesDatabase => ConnectionString is not null;

    public string StorageDescription => UsesDatabase ? "PostgreSQL (ADO.NET)" : "in-memory (localhost clustering)";

    public static SiloSettings From(IConfiguration configuration)
    {
        var options = configuration.GetSection(NetflixSiloOptions.Section).Get<NetflixSiloOptions>() ?? new NetflixSiloOptions();
        var region = NetflixRegions.From(configuration).Get(options.Region);
        if (options.Instance is < 0 or > 50) throw new ArgumentException($"instance must be between 0 and 50, not {options.Instance}");
        if (!IPAddress.TryParse(options.AdvertisedAddress, out var address))
            throw new ArgumentException($"advertised address '{options.AdvertisedAddress}' is not an IP address");

        var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? configuration.GetConnectionString(region.Name)
            : options.ConnectionString;
        connectionString = string.IsNullOrWhiteSpace(connectionString) ? null : connectionString;
        connectionString = options.Storage switch
        {
            StorageMode.Memory => null,
            StorageMode.AdoNet when connectionString is null =>
                throw new ArgumentException($"storage is AdoNet but region {region.Name} has no connection string (ConnectionStrings:{region.Name} or --connection-string)"),
            _ => connectionString,
        };

        foreach (var (name, port) in new[] { ("metrics", options.MetricsPort), ("dashboard", options.DashboardPort) })
        {
            if (port is < 0 or > 65535) throw new ArgumentException($"{name} port must be between 0 (off) and 65535, not {port}");
        }
        if (options.MetricsPort > 0 && options.MetricsPort == options.DashboardPort)
            throw new ArgumentException($"metrics and dashboard need ports of their own, not both {options.MetricsPort}");

        var siloBase = options.SiloPort ?? region.SiloPort;
        var gatewayBase = options.GatewayPort ?? region.GatewayPort;
        return new SiloSettings(
            region,
            options.Instance,
            siloBase + options.Instance,
            gatewayBase + options.Instance,
            siloBase,
            address,
            connectionString,
            options.DatabaseTimeout,
            options.OriginPort ?? region.OriginPort + options.Instance,
            options.MetricsPort,
            options.DashboardPort);
    }
}
