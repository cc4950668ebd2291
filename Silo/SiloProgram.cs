using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Hosting.CommandLine;
using Orleans.Netflix.Silo.Commands;
using Orleans.Netflix.Silo.Configuration;
using Orleans.Netflix.Silo.Database;
using Orleans.Netflix.Silo.Observability;
using Orleans.Netflix.Silo.Origin;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Silo;

/// <summary>
/// <c>Silo [--region R] [--instance N] [--storage auto|memory|adonet] [--connection-string CS] [--metrics-port N] [--dashboard-port N]
/// [--environment Development] [--Section:Key=value]...</c> runs a silo (the shipped development signing key only in Development);
/// <c>Silo db init --region R</c> prepares that region's database; <c>Silo --help</c> lists every switch (Commands/).
/// </summary>
public static class SiloProgram
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitBadSetup = 2;

    /// <summary>Printed once the silo accepts calls; scripts and tests wait for it.</summary>
    public const string ReadyMarker = "silo ready:";

    public static Task<int> RunAsync(string[] args)
    {
        var switches = ConfigurationSwitches.Split(args);
        if (switches.Own is ["db"] or ["db", ['-', '-', ..], ..] && switches.Own[1] != "--help")
        {
            // Spectre would print the branch's help and exit 1: bad input is one line and exit 2 here, as everywhere else.
            Console.Error.WriteLine("error: db needs a command: Silo db init --region R [--connection-string CS] (Silo db --help)");
            return Task.FromResult(ExitBadSetup);
        }
        Type[] commands = [.. CommandLineSwitches.SettingsTypesOf(typeof(SiloProgram).Assembly)];
        if (CommandLineSwitches.MissingValue(switches.Own, commands) is { } missing)
        {
            Console.Error.WriteLine($"error: {missing} (Silo --help lists the switches)");
            return Task.FromResult(ExitBadSetup);
        }
        var app = new CommandApp<RunSiloCommand>().WithData(switches);
        app.Configure(config =>
        {
            config.SetApplicationName("Silo");
            config.UseStrictParsing(); // a mistyped switch is an error, not silently ignored
            config.SetExceptionHandler((e, _) => Refuse(e));
            config.AddExample("--region", "us-east", "--instance", "1");
            config.AddExample("--region", "us-east", "--metrics-port", "9100", "--Netflix:Cdn:EdgeTimeout=00:00:03");
            config.AddBranch("db", db =>
            {
                db.SetDescription("The region's PostgreSQL database");
                db.AddCommand<DbInitCommand>("init").WithData(switches)
                    .WithExample("db", "init", "--region", "us-east", "--connection-string", "Host=127.0.0.1;Username=postgres;Database=netflix_us_east");
            });
        });
        return app.RunAsync(switches.Own);
    }

    /// <summary>Bad input (an unknown switch or command, a value of the wrong kind) is one line and exit 2; anything else a bug's full report.</summary>
    private static int Refuse(Exception e)
    {
        if (e is not CommandAppException)
        {
            Console.Error.WriteLine($"error: {e}");
            return ExitFailed;
        }
        Console.Error.WriteLine($"error: {CommandLineSwitches.OneLine(e.Message)} (Silo --help lists the switches)");
        return ExitBadSetup;
    }

    /// <summary>The silo's host builder and settings from the switches, or null after one line on standard error.</summary>
    private static (WebApplicationBuilder Builder, SiloSettings Settings)? Prepare(SiloCommandSettings switches, ConfigurationSwitches configurationSwitches, bool isDbInit)
    {
        // --environment as the host's own switch would set it; without it ASPNETCORE_ENVIRONMENT or DOTNET_ENVIRONMENT, else Production.
        // A web application, so the dashboard and /metrics can be served from the silo's own services (Observability/).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = switches.Environment,
        });
        builder.Configuration.AddCommandLine([.. configurationSwitches.Configuration]);
        builder.Configuration.AddInMemoryCollection(switches.ToConfiguration());
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        try
        {
            var settings = SiloSettings.From(builder.Configuration);
            var cdn = builder.Configuration.GetSection(Orleans.Netflix.Grains.Cdn.CdnOptions.Section).Get<Orleans.Netflix.Grains.Cdn.CdnOptions>() ?? new();
            if (!isDbInit && Orleans.Netflix.Cdn.DevelopmentSigningKey.Refusal(cdn.SigningKeys, builder.Environment.EnvironmentName,
                    $"{Orleans.Netflix.Grains.Cdn.CdnOptions.Section}:{nameof(cdn.SigningKeys)}") is { } refusal)
                throw new ArgumentException(refusal);
            return (builder, settings);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    /// <summary><c>Silo db init</c>.</summary>
    public static async Task<int> InitDatabaseAsync(SiloCommandSettings switches, ConfigurationSwitches configurationSwitches, CancellationToken cancellationToken)
    {
        if (Prepare(switches, configurationSwitches, isDbInit: true) is not { } prepared) return ExitBadSetup;
        var (builder, settings) = prepared;
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

    /// <summary><c>Silo</c>: runs until Ctrl+C or SIGTERM.</summary>
    public static async Task<int> RunSiloAsync(SiloCommandSettings switches, ConfigurationSwitches configurationSwitches, CancellationToken cancellationToken)
    {
        if (Prepare(switches, configurationSwitches, isDbInit: false) is not { } prepared) return ExitBadSetup;
        var (builder, settings) = prepared;
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
