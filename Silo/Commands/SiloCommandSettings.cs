namespace Orleans.Netflix.Silo.Configuration;

/// <summary>The silo's command-line switches and the configuration keys they set.</summary>
public static class CommandLine
{
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--region"] = "Netflix:Region",
        ["--instance"] = "Netflix:Instance",
        ["--storage"] = "Netflix:Storage",
        ["--connection-string"] = "Netflix:ConnectionString",
        ["--silo-port"] = "Netflix:SiloPort",
        ["--gateway-port"] = "Netflix:GatewayPort",
        ["--advertised-address"] = "Netflix:AdvertisedAddress",
        ["--origin-root"] = "Netflix:Ingest:OriginRoot",
        ["--origin-port"] = "Netflix:OriginPort",
        ["--work-root"] = "Netflix:Ingest:WorkRoot",
        ["--metrics-port"] = "Netflix:MetricsPort",
        ["--dashboard-port"] = "Netflix:DashboardPort",
        ["--environment"] = EnvironmentKey,
    };

    /// <summary>The host's own key for its environment (Development, Production…).</summary>
    public const string EnvironmentKey = "environment";

    /// <summary>The value of <c>--environment</c> (either spelling, <c>--environment X</c> or <c>--environment=X</c>), or null.</summary>
    public static string? Environment(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--environment=", StringComparison.Ordinal)) return args[i]["--environment=".Length..];
            if (args[i] == "--environment" && i + 1 < args.Count) return args[i + 1];
        }
        return null;
    }

    /// <summary>Switches this program does not know, so a typo is an error rather than silently ignored.</summary>
    public static IEnumerable<string> Unknown(IEnumerable<string> args) => args
        .Where(a => a.StartsWith("--", StringComparison.Ordinal))
        .Select(a => a.Split('=', 2)[0])
        .Where(a => !Switches.ContainsKey(a) && !a.Contains(':'));
}
