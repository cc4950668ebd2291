using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Silo.Configuration;
using Orleans.Netflix.Silo.Database;
using Orleans.Netflix.Silo.Observability;
using Orleans.Netflix.Silo.Origin;

namespace Orleans.Netflix.Silo;

/// <summary>
/// <c>Silo [--region R] [--instance N] [--storage auto|memory|adonet] [--connection-string CS] [--metrics-port N] [--dashboard-port N]
/// [--environment Development]</c> runs a silo (the shipped development signing key only in Development);
/// <c>Silo db init --region R</c> prepares that region's database.
/// </summary>
public static class SiloProgram
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitBadSetup = 2;

    /// <summary>Printed once the silo accepts calls; scripts and tests wait for it.</summary>
    public const string ReadyMarker = "silo ready:";

    public static async Task<int> RunAsync(string[] args)
    {
        var isDbInit = args.Length >= 2 && args[0] == "db" && args[1] == "init";
        var switches = isDbInit ? args[2..] : args;
        var unknown = CommandLine.Unknown(switches).ToArray();
        if (unknown.Length > 0 || (!isDbInit && args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal)))
        {
            Console.Error.WriteLine($"error: unknown argument {(unknown.Length > 0 ? unknown[0] : args[0])}. Usage: Silo [{string.Join("|", CommandLine.Switches.Keys)} VALUE]... | Silo db init --region R");
            return ExitBadSetup;
        }

        // --environment as the host's own switch would set it; without it ASPNETCORE_ENVIRONMENT or DOTNET_ENVIRONMENT, else Production.
        // A web application, so the dashboard and /metrics can be served from the silo's own services (Observability/).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = CommandLine.Environment(switches),
        });
        builder.Configuration.AddCommandLine(switches, CommandLine.Switches.ToDictionary());
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        SiloSettings settings;
        try
        {
            settings = SiloSettings.From(builder.Configuration);
            var cdn = builder.Configuration.GetSection(Orleans.Netflix.Grains.Cdn.CdnOptions.Section).Get<Orleans.Netflix.Grains.Cdn.CdnOptions>() ?? new();
            if (!isDbInit && Orleans.Netflix.Cdn.DevelopmentSigningKey.Refusal(cdn.SigningKeys, builder.Environment.EnvironmentName,
                    $"{Orleans.Netflix.Grains.Cdn.CdnOptions.Section}:{nameof(cdn.SigningKeys)}") is { } refusal)
                throw new ArgumentException(refusal);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitBadSetup;
        }

        return isDbInit
            ? await InitDatabaseAsync(builder, settings, CancellationToken.None)
            : await RunSiloAsync(builder, settings, CancellationToken.None);
    }

    private static async Task<int> InitDatabaseAsync(WebApplicationBuilder builder, SiloSettings settings, CancellationToken cancellationToken)
    {
        if (settings.ConnectionString is null)
        {
            Console.Error.WriteLine($"error: region {settings.Region.Name} has no connection string: set ConnectionStrings:{settings.Region.Name} or pass --connection-string");
            return ExitBadSetup;
        }
        using var services = new ServiceCollection().AddLogging(l => l.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true)).BuildServiceProvider();
        var installer = ActivatorUtilities.CreateInstance<SchemaInstaller>(services);
        try
        {
            var result = await installer.InitializeAsync(settings.ConnectionString, cancellationToken);
            Console.WriteLine($"db init {settings.Region.Name}: database {result.Database}{(result.DatabaseCreated ? " (created)" : "")}; " +
                              $"applied {result.Applied.Count} script(s), {result.AlreadyPresent.Count} already present");
            return ExitOk;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or ArgumentException)
        {
            Console.Error.WriteLine($"error: db init for region {settings.Region.Name} failed: {e.Message}");
            return ExitBadSetup;
        }
    }

    private static async Task<int> RunSiloAsync(WebApplicationBuilder builder, SiloSettings settings, CancellationToken cancellationToken)
    {
        if (settings.ConnectionString is { } connectionString)
        {
            var problem = await DatabasePreflight.ProblemAsync(connectionString, settings.Region.Name, settings.DatabaseTimeout, cancellationToken);
            if (problem is not null)
            {
                Console.Error.WriteLine($"error: {problem}");
                return ExitBadSetup;
            }
        }

        try
        {
            builder.UseOrleans(silo => silo.AddNetflixSilo(settings).AddDashboardIfOn(settings));
            SiloObservability.Configure(builder, settings);
        }
        catch (Orleans.Netflix.Common.TierKeyException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitBadSetup;
        }
        await using var host = builder.Build();
        SiloObservability.Map(host, settings);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: silo {settings.ClusterId}/{settings.Instance} failed to start: {e.GetBaseException().Message}");
            return ExitFailed;
        }

        Console.WriteLine($"{ReadyMarker} cluster {settings.ClusterId} instance {settings.Instance}, silo port {settings.SiloPort}, " +
                          $"gateway port {settings.GatewayPort}, storage {settings.StorageDescription}" +
                          (settings.OriginUrl is { } origin ? $", origin {origin}" : "") +
                          (settings.MetricsPort > 0 ? $", metrics http://{settings.AdvertisedAddress}:{settings.MetricsPort}{SiloObservability.MetricsPath}" : "") +
                          (settings.DashboardPort > 0 ? $", dashboard http://127.0.0.1:{settings.DashboardPort}/" : ""));
        // Ctrl+C or SIGTERM stops the host gracefully: the silo leaves the cluster before exiting.
        await host.WaitForShutdownAsync(cancellationToken);
        return ExitOk;
    }
}
