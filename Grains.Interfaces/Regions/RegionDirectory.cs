namespace Orleans.Netflix.Regions;

/// <summary>
/// The simulated regions and the naming contract between silos and clients: each region is its own
/// Orleans cluster (<c>netflix-&lt;region&gt;</c>) of one service, with its own default ports so all
/// three can run side by side on one machine. Instance N of a region uses base port + N.
/// </summary>
public static class RegionDirectory
{
    public const string ServiceId = "netflix";

    public static readonly IReadOnlyList<RegionInfo> All =
    [
        new("us-east", SiloPort: 11111, GatewayPort: 30000, OriginPort: 8100),
        new("us-west", SiloPort: 11211, GatewayPort: 30100, OriginPort: 8200),
        new("eu-west", SiloPort: 11311, GatewayPort: 30200, OriginPort: 8300),
    ];

    public static string ClusterIdOf(string region) => $"{ServiceId}-{region}";

    /// <summary>
    /// Every region, nearest first, for a client nearest to <paramref name="nearest"/>: the two US regions are
    /// each other's next, and Europe's next is us-east (the shorter crossing).
    /// </summary>
    public static IReadOnlyList<string> ByDistanceFrom(string nearest) => Get(nearest).Name switch
    {
        "us-east" => ["us-east", "us-west", "eu-west"],
        "us-west" => ["us-west", "us-east", "eu-west"],
        _ => ["eu-west", "us-east", "us-west"],
    };

    /// <summary>
    /// A member's home region from their country (ISO 3166 alpha-2): Europe, Africa, the Middle East and India to
    /// eu-west; the Pacific side (Asia, Oceania, the western Americas' neighbours) to us-west; everything else to us-east.
    /// </summary>
    public static string HomeOf(string? country) => country?.Trim().ToUpperInvariant() switch
    {
        "GB" or "IE" or "DE" or "FR" or "ES" or "PT" or "IT" or "NL" or "BE" or "SE" or "NO" or "DK" or "FI" or "PL" or "AT" or "CH"
            or "IN" or "ZA" or "NG" or "EG" or "AE" or "IL" or "TR" => "eu-west",
        "JP" or "KR" or "AU" or "NZ" or "CN" or "TW" or "SG" or "PH" or "ID" => "us-west",
        _ => "us-east",
    };

    /// <summary>The region by name, or an <see cref="ArgumentException"/> listing the known ones.</summary>
    public static RegionInfo Get(string? region) =>
        All.FirstOrDefault(r => string.Equals(r.Name, region?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown region '{region}': expected one of {string.Join(", ", All.Select(r => r.Name))}");
}

/// <summary>A region and its default ports (instance N adds N); OriginPort serves the region's origin storage over HTTP.</summary>
public sealed record RegionInfo(string Name, int SiloPort, int GatewayPort, int OriginPort)
{
    /// <summary>Where edges pull from when nothing else is configured: instance 0's origin on this machine.</summary>
    public string DefaultOriginUrl => $"http://127.0.0.1:{OriginPort}/origin/";

    public string ClusterId => RegionDirectory.ClusterIdOf(Name);

    /// <summary>Database name used when <c>db init</c> creates a region's database.</summary>
    public string DatabaseName => $"netflix_{Name.Replace('-', '_')}";
}
