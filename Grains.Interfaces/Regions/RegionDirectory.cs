namespace Orleans.Netflix.Regions;

/// <summary>
/// The simulated regions and the naming contract between silos and clients: each region is its own
/// Orleans cluster (<c>netflix-&lt;region&gt;</c>) of one service, with its own default ports so all
/// three can run side by side on one machine. Instance N of a region uses base port + N.
/// Built from <see cref="RegionsOptions"/> (the shipped <c>region-defaults.json</c> under a process's configuration); grains and
/// services get it from dependency injection.
/// </summary>
public sealed class RegionDirectory
{
    public const string ServiceId = "netflix";

    private readonly Dictionary<string, IReadOnlyList<string>> _nearestFirst;
    private readonly Dictionary<string, string> _homeByCountry;
    private readonly string _fallbackHome;

    /// <summary>The directory of <paramref name="options"/>; an <see cref="ArgumentException"/> of one line when the section is bad.</summary>
    public RegionDirectory(RegionsOptions options)
    {
        if (options.Problem() is { } problem) throw new ArgumentException(problem);
        All = [.. options.All.Select(r => new RegionInfo(r.Name.Trim(), r.SiloPort, r.GatewayPort, r.OriginPort))];
        _nearestFirst = options.All.ToDictionary(r => r.Name.Trim(), r => (IReadOnlyList<string>)[.. r.NearestFirst.Select(n => Get(n).Name)],
            StringComparer.OrdinalIgnoreCase);
        _homeByCountry = options.All
            .SelectMany(r => r.Countries.Select(c => (Country: c.Trim(), Region: r.Name.Trim())))
            .ToDictionary(p => p.Country, p => p.Region, StringComparer.OrdinalIgnoreCase);
        _fallbackHome = Get(options.FallbackHome).Name;
    }

    /// <summary>The regions, in the configured order.</summary>
    public IReadOnlyList<RegionInfo> All { get; }

    public static string ClusterIdOf(string region) => $"{ServiceId}-{region}";

    /// <summary>Every region, nearest first, for a client nearest to <paramref name="nearest"/> (that region's <see cref="RegionOptions.NearestFirst"/>).</summary>
    public IReadOnlyList<string> ByDistanceFrom(string nearest) => _nearestFirst[Get(nearest).Name];

    /// <summary>A member's home region from their country (ISO 3166 alpha-2): the region listing it, else the fallback home.</summary>
    public string HomeOf(string? country) =>
        country is not null && _homeByCountry.TryGetValue(country.Trim(), out var region) ? region : _fallbackHome;

    /// <summary>The region by name, or an <see cref="ArgumentException"/> listing the known ones.</summary>
    public RegionInfo Get(string? region) =>
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
