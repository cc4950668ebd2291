using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Netflix.Grains.Cdn;

public static class CdnServices
{
    /// <summary>Steering and registry options, bound from the "Netflix:Cdn" configuration section.</summary>
    public static IServiceCollection AddNetflixCdn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CdnOptions>().Bind(configuration.GetSection(CdnOptions.Section));
        services.AddSingleton<PlayTally>();
        return services;
    }
}
