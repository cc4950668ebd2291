using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Hosting;

/// <summary>
/// The region directory every process reads one way: the shipped <c>region-defaults.json</c> (this project copies it beside every
/// process, test assemblies included), overridden by whatever the process's own configuration says under <c>Regions</c>.
/// </summary>
public static class NetflixRegions
{
    public const string FileName = "region-defaults.json";

    private static readonly Lazy<RegionDirectory> ShippedDirectory = new(() => From(new ConfigurationBuilder().Build()));

    /// <summary>The shipped regions, for code that runs before any configuration exists (tests, benchmarks, tools).</summary>
    public static RegionDirectory Shipped => ShippedDirectory.Value;

    /// <summary>
    /// The directory of the shipped file under <paramref name="configuration"/>; an <see cref="ArgumentException"/> of one
    /// line for a bad <c>Regions</c> section, so a process refuses to start with it.
    /// </summary>
    public static RegionDirectory From(IConfiguration configuration)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(shipped)) throw new ArgumentException($"{shipped} is missing (the region defaults every process ships with)");
        var layered = new ConfigurationBuilder()
            .AddJsonFile(shipped, optional: false)
            .AddConfiguration(configuration)
            .Build();
        return new RegionDirectory(layered.GetSection(RegionsOptions.Section).Get<RegionsOptions>() ?? new RegionsOptions());
    }

    /// <summary>Registers <paramref name="regions"/> (or, when null, the directory of <paramref name="configuration"/>) for injection.</summary>
    public static IServiceCollection AddNetflixRegions(this IServiceCollection services, IConfiguration configuration, RegionDirectory? regions = null)
    {
        services.TryAddSingleton(regions ?? From(configuration));
        return services;
    }
}
