namespace Orleans.Netflix.Client.Connection;

/// <summary>
/// The client's "Netflix" configuration section (appsettings.json, <c>Netflix__Region</c> style
/// environment variables); command-line options override it. With a connection string for the
/// region the client finds gateways in that region's PostgreSQL membership table, otherwise it uses
/// <see cref="Gateways"/>, else the region's default gateway port on loopback.
/// </summary>
public sealed class ClientOptions
{
    public const string Section = "Netflix";

    public string Region { get; set; } = "us-east";

    /// <summary>host:port entries.</summary>
    public string[] Gateways { get; set; } = [];

    public string? ConnectionString { get; set; }

    /// <summary>How long to try to reach the cluster before giving up.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The trusted tier key (<c>Netflix:TierKey</c>, <c>Netflix__TierKey</c>), base64: the console is an operator's tool and
    /// signs its calls of trusted-tier methods (seed, ingest, drill). Unset: the development key file (<see cref="Common.TierKey"/>).
    /// </summary>
    public string? TierKey { get; set; }
}
