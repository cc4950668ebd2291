namespace Orleans.Netflix.Regions;

/// <summary>
/// The configuration section <c>Regions</c>: every region's default ports, the regions nearest it and the countries whose
/// members it is home to. The shipped values are in <c>region-defaults.json</c> (the Hosting project copies it beside every process);
/// any configuration source of a process can override them, e.g. <c>Regions:All:0:GatewayPort</c>.
/// </summary>
public sealed class RegionsOptions
{
    public const string Section = "Regions";

    /// <summary>The regions, in the order clients list and probe them.</summary>
    public List<RegionOptions> All { get; set; } = [];

    /// <summary>The home region of a member whose country no region lists.</summary>
    public string FallbackHome { get; set; } = "";

    /// <summary>What is wrong with the section, in one line; null when nothing is.</summary>
    public string? Problem()
    {
        if (All.Count == 0) return "Regions:All lists no region";
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var countries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var region in All)
        {
            if (string.IsNullOrWhiteSpace(region.Name)) return "Regions:All has a region without a Name";
            if (!names.Add(region.Name)) return $"Regions:All names region '{region.Name}' twice";
            foreach (var (what, port) in new[] { ("SiloPort", region.SiloPort), ("GatewayPort", region.GatewayPort), ("OriginPort", region.OriginPort) })
            {
                if (port is < 1 or > 65535) return $"region '{region.Name}': {what} must be between 1 and 65535, not {port}";
            }
            foreach (var country in region.Countries)
            {
                if (!countries.TryAdd(country.Trim(), region.Name)) return $"country '{country}' is home to both '{countries[country.Trim()]}' and '{region.Name}'";
            }
        }
        foreach (var region in All)
        {
            if (region.NearestFirst.FirstOrDefault(n => !names.Contains(n)) is { } unknown)
                return $"region '{region.Name}': NearestFirst names unknown region '{unknown}'";
            if (region.NearestFirst.Count != names.Count || !names.SetEquals(region.NearestFirst)
                || !string.Equals(region.NearestFirst[0], region.Name, StringComparison.OrdinalIgnoreCase))
                return $"region '{region.Name}': NearestFirst must list every region once, itself first";
        }
        if (!names.Contains(FallbackHome)) return $"Regions:FallbackHome '{FallbackHome}' is not a region in Regions:All";
        return null;
    }
}

/// <summary>One region of <see cref="RegionsOptions"/>: its default ports (instance N adds N), the regions nearest it, its countries.</summary>
public sealed class RegionOptions
{
    public string Name { get; set; } = "";

    public int SiloPort { get; set; }

    public int GatewayPort { get; set; }

    public int OriginPort { get; set; }

    /// <summary>Every region, this one first, then nearest to farthest: the order its clients fail over in.</summary>
    public List<string> NearestFirst { get; set; } = [];

    /// <summary>Countries (ISO 3166 alpha-2) whose members have this region as their home.</summary>
    public List<string> Countries { get; set; } = [];
}
