using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Silo.Commands;

/// <summary>
/// The silo's switches, for running a silo and for <c>db init</c> alike. Each sets one configuration key (appsettings.json,
/// then environment variables such as <c>Netflix__Region</c>, then these switches; later sources win), so a switch and
/// its key are interchangeable; <see cref="Orleans.Netflix.Silo.Configuration.SiloSettings"/> checks the values.
/// </summary>
public sealed class SiloCommandSettings : CommandSettings
{
    /// <summary>The host's own key for its environment (Development, Production…).</summary>
    public const string EnvironmentKey = "environment";

    [CommandOption("--region <REGION>"), Description("us-east, us-west or eu-west (Netflix:Region; default us-east)")]
    public string? Region { get; init; }

    [CommandOption("--instance <N>"), Description("which silo of the region this is on this machine, 0-50; offsets its ports (Netflix:Instance)")]
    public string? Instance { get; init; }

    [CommandOption("--storage <MODE>"), Description("auto, memory or adonet: auto is PostgreSQL when the region has a connection string (Netflix:Storage)")]
    public string? Storage { get; init; }

    [CommandOption("--connection-string <CS>"), Description("the region's PostgreSQL database (Netflix:ConnectionString; default ConnectionStrings:<region>)")]
    public string? ConnectionString { get; init; }

    [CommandOption("--silo-port <PORT>"), Description("the region's base silo port, before the instance offset (Netflix:SiloPort)")]
    public string? SiloPort { get; init; }

    [CommandOption("--gateway-port <PORT>"), Description("the region's base gateway port, before the instance offset (Netflix:GatewayPort)")]
    public string? GatewayPort { get; init; }

    [CommandOption("--advertised-address <IP>"), Description("the address other silos, clients and edges reach this silo at (Netflix:AdvertisedAddress; default 127.0.0.1)")]
    public string? AdvertisedAddress { get; init; }

    [CommandOption("--origin-root <DIR>"), Description("where published media is kept (Netflix:Ingest:OriginRoot)")]
    public string? OriginRoot { get; init; }

    [CommandOption("--origin-port <PORT>"), Description("the origin server's port, edges pull media from it; 0 turns it off (Netflix:OriginPort)")]
    public string? OriginPort { get; init; }

    [CommandOption("--work-root <DIR>"), Description("where ingest jobs work (Netflix:Ingest:WorkRoot)")]
    public string? WorkRoot { get; init; }

    [CommandOption("--metrics-port <PORT>"), Description("serve Prometheus /metrics on this port of the advertised address; 0, the default, is off (Netflix:MetricsPort)")]
    public string? MetricsPort { get; init; }

    [CommandOption("--dashboard-port <PORT>"), Description("serve the Orleans Dashboard on this port of 127.0.0.1; 0, the default, is off (Netflix:DashboardPort)")]
    public string? DashboardPort { get; init; }

    [CommandOption("--environment <NAME>"), Description("Development, Staging, Production… (default DOTNET_ENVIRONMENT, else Production; the shipped signing key only in Development)")]
    public string? Environment { get; init; }

    /// <summary>Numbers are checked here, ranges where the settings are read (<c>SiloSettings</c>), as for the same keys set elsewhere.</summary>
    public override ValidationResult Validate()
    {
        foreach (var (option, value) in new[] { ("--instance", Instance), ("--silo-port", SiloPort), ("--gateway-port", GatewayPort), ("--origin-port", OriginPort),
                     ("--metrics-port", MetricsPort), ("--dashboard-port", DashboardPort) })
        {
            if (value is not null && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                return ValidationResult.Error($"{option} takes a whole number, not '{value}'");
        }
        return ValidationResult.Success();
    }

    /// <summary>The switches given, as the configuration keys they set.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration() =>
        from setting in new (string Key, string? Value)[]
        {
            ("Netflix:Region", Region),
            ("Netflix:Instance", Instance),
            ("Netflix:Storage", Storage),
            ("Netflix:ConnectionString", ConnectionString),
            ("Netflix:SiloPort", SiloPort),
            ("Netflix:GatewayPort", GatewayPort),
            ("Netflix:AdvertisedAddress", AdvertisedAddress),
            ("Netflix:Ingest:OriginRoot", OriginRoot),
            ("Netflix:OriginPort", OriginPort),
            ("Netflix:Ingest:WorkRoot", WorkRoot),
            ("Netflix:MetricsPort", MetricsPort),
            ("Netflix:DashboardPort", DashboardPort),
            (EnvironmentKey, Environment),
        }
        where setting.Value is not null
        select KeyValuePair.Create(setting.Key, setting.Value);
}
