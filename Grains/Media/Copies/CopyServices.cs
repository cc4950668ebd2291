using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Netflix.Grains.Media.Copies;

public static class CopyServices
{
    /// <summary>
    /// Copying published media in from other regions ("Netflix:Copies"): the copier's HTTP client (with the standard
    /// resilience handler: retries with back-off on transient failures of one origin), where origins are, and the
    /// starter that keeps the region's copier running. The host adds this where other regions exist to copy from.
    /// </summary>
    public static IServiceCollection AddNetflixOriginCopies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OriginCopyOptions>().Bind(configuration.GetSection(OriginCopyOptions.Section));
        services.TryAddSingleton<IOriginLocator, ConfiguredOrigins>();
        // Origins refuse anyone without the trusted tier's origin credential; the silo's tier key is registered by then.
        services.AddHttpClient<OriginCopier>()
            .ConfigureHttpClient((sp, http) => http.DefaultRequestHeaders.Authorization = Orleans.Netflix.Common.OriginCredentials.Header(sp.GetRequiredService<Orleans.Netflix.Common.TierKey>()))
            .AddStandardResilienceHandler();
        services.AddHostedService<OriginSyncStarter>();
        return services;
    }
}
