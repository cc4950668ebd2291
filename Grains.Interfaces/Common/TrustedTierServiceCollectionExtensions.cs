using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Netflix.Common;

public static class TrustedTierServiceCollectionExtensions
{
    /// <summary>
    /// Makes this process part of the trusted tier: its Orleans client (or silo) signs every call of a
    /// <see cref="TrustedTierOnlyAttribute"/> method with the <see cref="TierKey"/> from <paramref name="configuration"/>
    /// (<c>Netflix:TierKey</c>, else the development key file). For <c>UseOrleansClient(c => c.Services…)</c>,
    /// a <c>ClientBuilder</c>, or a silo's services. The key is read here, at start: a bad one is a <see cref="TierKeyException"/>.
    /// </summary>
    public static IServiceCollection AddTrustedTierCredential(this IServiceCollection services, IConfiguration configuration) =>
        services.AddTrustedTierCredential(TierKey.FromConfiguration(configuration));

    /// <inheritdoc cref="AddTrustedTierCredential(IServiceCollection, IConfiguration)"/>
    public static IServiceCollection AddTrustedTierCredential(this IServiceCollection services, TierKey key)
    {
        if (services.Any(d => d.ServiceType == typeof(TrustedTierCredential))) return services; // once per container
        services.AddSingleton(key);
        services.AddSingleton(new TrustedTierCredential(key));
        services.AddSingleton<IOutgoingGrainCallFilter, TrustedTierCredentialFilter>();
        return services;
    }
}
