using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orleans.Netflix.Grains.Personalization;

public static class PersonalizationServices
{
    /// <summary>Artwork personalization's options, bound from the "Netflix:Artwork" configuration section and checked on first use.</summary>
    public static IServiceCollection AddNetflixPersonalization(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ArtworkOptions>().Bind(configuration.GetSection(ArtworkOptions.Section));
        services.AddSingleton<IValidateOptions<ArtworkOptions>, ArtworkOptionsValidator>();
        return services;
    }

    private sealed class ArtworkOptionsValidator : IValidateOptions<ArtworkOptions>
    {
        public ValidateOptionsResult Validate(string? name, ArtworkOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail($"{ArtworkOptions.Section}: {problem}") : ValidateOptionsResult.Success;
    }
}
