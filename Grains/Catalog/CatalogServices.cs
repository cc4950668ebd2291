using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Netflix.Grains.Catalog;

public static class CatalogServices
{
    /// <summary>The silo's copy of playable titles, its options bound from "Netflix:Catalog:PlayableTitles".</summary>
    public static IServiceCollection AddNetflixCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlayableTitlesOptions>().Bind(configuration.GetSection(PlayableTitlesOptions.Section));
        services.AddSingleton<PlayableTitles>();
        return services;
    }
}
