namespace Orleans.Netflix.Client.Regions;

public sealed record RegionRouterOptions
{
    /// <summary>How often the router asks its region whether it is still to be used (evacuation marks).</summary>
    public TimeSpan ProbeEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe or a connection attempt may take before the region counts as down.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long one call may take before its region counts as failed and the call moves.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a region that failed is left alone before it is tried again.</summary>
    public TimeSpan RetryFailedAfter { get; init; } = TimeSpan.FromSeconds(5);
}
