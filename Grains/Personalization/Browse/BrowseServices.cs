using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Netflix.Grains.Personalization.Browse;

public static class BrowseServices
{
    /// <summary>The home screen's options ("Netflix:Browse"), the silo's shared recommendation model and its artwork chooser.</summary>
    public static IServiceCollection AddNetflixBrowse(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrowseOptions>().Bind(configuration.GetSection(BrowseOptions.Section));
        services.AddSingleton<RecommendationModelHost>();
        services.AddSingleton<ArtworkChooser>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ArtworkChooser>());
        return services;
    }
}
