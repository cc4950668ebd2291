namespace Orleans.Netflix.Client.Regions;

/// <summary>How a <see cref="RegionRouter"/> reaches each region's cluster: a client per region, made on first use.</summary>
public interface IRegionLinks
{
    /// <exception cref="Connection.ClusterUnreachableException">The region's cluster does not answer.</exception>
    Task<IGrainFactory> ConnectAsync(string region, CancellationToken cancellationToken);

    /// <summary>Drops a region's client after a failure, so the next use connects afresh.</summary>
    ValueTask ForgetAsync(string region);
}
