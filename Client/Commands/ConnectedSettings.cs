using System.ComponentModel;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

/// <summary>Options every command that talks to a cluster shares.</summary>
public class ConnectedSettings : CommandSettings
{
    [CommandOption("-r|--region <REGION>"), Description("us-east, us-west or eu-west (default from configuration: us-east)")]
    public string? Region { get; init; }

    [CommandOption("-g|--gateway <HOST:PORT>"), Description("a gateway to connect to; repeat for several (default: the region's gateway port on 127.0.0.1)")]
    public string[]? Gateways { get; init; }

    [CommandOption("--connection-string <CS>"), Description("find gateways in this PostgreSQL database's membership table")]
    public string? ConnectionString { get; init; }

    [CommandOption("--connect-timeout <SECONDS>"), Description("give up reaching the cluster after this long (default 10)")]
    public int? ConnectTimeoutSeconds { get; init; }

    [CommandOption("--regions-file <FILE>"), Description("how to reach every region: the regions.json scripts/regions.sh writes (commands that move between regions)")]
    public string? RegionsFile { get; init; }

    [CommandOption("--json"), Description("print JSON instead of tables")]
    public bool Json { get; init; }
}
