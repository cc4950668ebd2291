using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Netflix.Grains.Playback;

public static class PlaybackServices
{
    /// <summary>Playback session options, bound from the "Netflix:Playback" configuration section.</summary>
    public static IServiceCollection AddNetflixPlayback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlaybackOptions>().Bind(configuration.GetSection(PlaybackOptions.Section));
        return services;
    }
}
