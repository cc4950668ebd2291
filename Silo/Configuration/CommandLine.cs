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
    };

    /// <summary>Switches this program does not know, so a typo is an error rather than silently ignored.</summary>
    public static IEnumerable<string> Unknown(IEnumerable<string> args) => args
        .Where(a => a.StartsWith("--", StringComparison.Ordinal))
        .Select(a => a.Split('=', 2)[0])
        .Where(a => !Switches.ContainsKey(a) && !a.Contains(':'));
}
