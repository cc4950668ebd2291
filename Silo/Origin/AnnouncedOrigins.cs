using Microsoft.Extensions.Logging;
using Orleans.Netflix.Grains.Media.Copies;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Silo.Origin;

/// <summary>
/// Where a region's origin servers are: the configured ones (<see cref="OriginCopyOptions.Origins"/>), else those its
/// silos announce in its database (this silo knows every region's connection string for replication), else the
/// region's default port on this machine.
/// </summary>
public sealed class AnnouncedOrigins(ConfiguredOrigins configured, IReadOnlyDictionary<string, OriginEndpoints> databases, RegionDirectory regions,
    ILogger<AnnouncedOrigins> logger)
    : IOriginLocator, IAsyncDisposable
{
    public async Task<IReadOnlyList<string>> OriginUrlsAsync(string region, CancellationToken cancellationToken)
    {
        if (configured.Configured(region) is { } urls) return urls;
        if (databases.TryGetValue(region, out var endpoints))
        {
            try
            {
                var announced = await endpoints.FreshAsync(cancellationToken);
                if (announced.Count > 0) return announced;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug(e, "Could not read the origins {Region} announces", region);
            }
        }
        return [regions.Get(region).DefaultOriginUrl];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var endpoints in databases.Values) await endpoints.DisposeAsync();
    }
}
