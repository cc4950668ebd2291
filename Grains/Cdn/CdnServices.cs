using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Netflix.Grains.Cdn;

public static class CdnServices
{
    /// <summary>Steering and registry options, bound from the "Netflix:Cdn" configuration section.</summary>
    public static IServiceCollection AddNetflixCdn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CdnOptions>().Bind(configuration.GetSection(CdnOptions.Section))
            // A period of zero would make the tally's timer fire once and never again: plays would silently stop reaching fill.
            .Validate(o => o.PlayTallyEvery > TimeSpan.Zero, $"{CdnOptions.Section}:{nameof(CdnOptions.PlayTallyEvery)} must be above zero")
            // Edges refuse tokens that live longer than their maximum (6 h by default): steering must not sign any.
            .Validate(o => o.TokenLifetime > TimeSpan.Zero && o.TokenLifetime <= Orleans.Netflix.Cdn.PlaybackToken.DefaultMaxLifetime,
                $"{CdnOptions.Section}:{nameof(CdnOptions.TokenLifetime)} must be above zero and at most {Orleans.Netflix.Cdn.PlaybackToken.DefaultMaxLifetime} (what edges accept)")
            .ValidateOnStart();
        services.AddSingleton<PlayTally>();
        services.AddSingleton<CurrentSigningKey>();
        return services;
    }
}
