using Microsoft.Extensions.Configuration;
using Orleans.Netflix.Client.Commands;

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
