namespace Orleans.Netflix.Silo.Configuration;

public enum StorageMode
{
    /// <summary>ADO.NET when the region has a connection string, in-memory otherwise.</summary>
    Auto,
    Memory,
    AdoNet,
}

/// <summary>
/// The "Netflix" configuration section (appsettings.json, NETFLIX__* style environment variables
/// such as <c>Netflix__Region</c>, and command-line switches; later sources win).
/// Connection strings live under <c>ConnectionStrings:&lt;region&gt;</c>.
/// </summary>
public sealed class NetflixSiloOptions
{
    public const string Section = "Netflix";

    public string Region { get; set; } = "us-east";

    /// <summary>Which silo of the region this is on this machine; offsets both ports.</summary>
    public int Instance { get; set; }

    public StorageMode Storage { get; set; } = StorageMode.Auto;

    /// <summary>Overrides <c>ConnectionStrings:&lt;region&gt;</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Override the region's base silo port (before the instance offset).</summary>
    public int? SiloPort { get; set; }

    /// <summary>Override the region's base gateway port (before the instance offset).</summary>
    public int? GatewayPort { get; set; }

    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the origin HTTP server (edges pull published media from it); default the region's base + instance, 0 turns it off.</summary>
    public int? OriginPort { get; set; }

    /// <summary>Port of the silo's Prometheus endpoint (<c>/metrics</c>, on the advertised address, no credential); 0, the default, turns it off.</summary>
    public int MetricsPort { get; set; }

    /// <summary>Port of the Orleans Dashboard (on 127.0.0.1 only, no sign-in: an operator's tool); 0, the default, turns it off.</summary>
    public int DashboardPort { get; set; }

    /// <summary>How long the start-up check waits for PostgreSQL before giving up.</summary>
    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
