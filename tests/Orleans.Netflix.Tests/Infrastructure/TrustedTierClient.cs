using Microsoft.Extensions.Configuration;
using Orleans.Netflix.Common;
using Orleans.TestingHost;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// Makes a test cluster's client part of the trusted tier, as the console, the edges and the website are: it signs its
/// calls of trusted-tier methods with the key from the cluster's configuration (none set: the development key file, which
/// the silos of the test process read too), and propagates traces as they do.
/// </summary>
public sealed class TrustedTierClient : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder.Services.AddTrustedTierCredential(configuration);
        clientBuilder.AddActivityPropagation(); // as the real clients: a traced call's trace goes on in the grains
    }
}
