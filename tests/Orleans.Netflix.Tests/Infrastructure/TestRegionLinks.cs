using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Regions;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>A router's links to test clusters: a region whose cluster was killed (or never started) is unreachable.</summary>
public sealed class TestRegionLinks(RegionClusters regions) : IRegionLinks
{
    public Task<IGrainFactory> ConnectAsync(string region, CancellationToken cancellationToken) =>
        regions.Running.Contains(region)
            ? Task.FromResult<IGrainFactory>(regions[region].Client)
            : Task.FromException<IGrainFactory>(new ClusterUnreachableException($"region {region} is down"));

    public ValueTask ForgetAsync(string region) => ValueTask.CompletedTask;
}
