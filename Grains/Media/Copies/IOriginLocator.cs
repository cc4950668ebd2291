using Microsoft.Extensions.Options;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Media.Copies;

/// <summary>Where a region's origin storage answers over HTTP (base URLs ending in <c>/origin/</c>).</summary>
public interface IOriginLocator
{
    Task<IReadOnlyList<string>> OriginUrlsAsync(string region, CancellationToken cancellationToken);
}

/// <summary>The configured origins of a region (<see cref="OriginCopyOptions.Origins"/>), else its default port on this machine.</summary>
public sealed class ConfiguredOrigins(IOptions<OriginCopyOptions> options, RegionDirectory regions) : IOriginLocator
{
    public Task<IReadOnlyList<string>> OriginUrlsAsync(string region, CancellationToken cancellationToken) =>
        Task.FromResult(Configured(region) ?? [regions.Get(region).DefaultOriginUrl]);

    /// <summary>The region's configured origins, or null when none are.</summary>
    public IReadOnlyList<string>? Configured(string region) =>
        options.Value.Origins.TryGetValue(region, out var urls) && urls.Count > 0 ? urls : null;
}
