using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Netflix.Grains.Catalog;

public static class CatalogServices
{
    /// <summary>The browse index's options ("Netflix:Catalog") and the silo's copy of playable titles ("Netflix:Catalog:PlayableTitles").</summary>
    public static IServiceCollection AddNetflixCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.Section));
        services.AddOptions<PlayableTitlesOptions>().Bind(configuration.GetSection(PlayableTitlesOptions.Section));
        services.AddHybridCache(); // PlayableTitles' copy (in memory: no distributed cache is registered)
        services.AddSingleton<PlayableTitles>();
        return services;
    }
}
