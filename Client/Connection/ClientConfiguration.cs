using Microsoft.Extensions.Configuration;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Client.Connection;

/// <summary>appsettings.json, then environment variables, then the command's own options.</summary>
public static class ClientConfiguration
{
    /// <summary>appsettings.json beside the client, then environment variables.</summary>
    public static IConfiguration Load() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    private static readonly Lazy<RegionDirectory> ConfiguredRegions = new(() => NetflixRegions.From(Load()));

    /// <summary>
    /// The regions as this configuration has them (the shipped defaults under appsettings.json and the environment): the
    /// commands read them while they parse their arguments, before any host exists.
    /// </summary>
    public static RegionDirectory Regions => ConfiguredRegions.Value;

    public static ClientOptions Resolve(ConnectedSettings settings)
    {
        var configuration = Load();
        var options = configuration.GetSection(ClientOptions.Section).Get<ClientOptions>() ?? new ClientOptions();
        if (!string.IsNullOrWhiteSpace(settings.Region)) options.Region = settings.Region;
        if (settings.Gateways is { Length: > 0 }) options.Gateways = settings.Gateways;
        if (settings.ConnectTimeoutSeconds is { } seconds) options.ConnectTimeout = TimeSpan.FromSeconds(seconds);
        options.ConnectionString = !string.IsNullOrWhiteSpace(settings.ConnectionString) ? settings.ConnectionString
            : !string.IsNullOrWhiteSpace(options.ConnectionString) ? options.ConnectionString
            : configuration.GetConnectionString(options.Region);
        if (string.IsNullOrWhiteSpace(options.ConnectionString) || settings.Gateways is { Length: > 0 }) options.ConnectionString = null;
        return options;
    }
}
