namespace Orleans.Netflix.Client.Regions;

public sealed record RegionRouterOptions
{
    /// <summary>How often the router asks its region whether it is still to be used (evacuation marks).</summary>
    public TimeSpan ProbeEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe of a region the client is connected to may take before the region counts as down.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long reaching a region afresh (a new connection and its first call) may take before the region counts as
    /// down: longer than a probe, because a client process that has just started, on a busy machine, can take
    /// several seconds for its first handshake and call (a 3 s limit sent a loaded test's client past its own
    /// region to one that did not have the title). A region that is down refuses the connection at once.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one call may take before its region counts as failed and the call moves.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a region that failed is left alone before it is tried again.</summary>
    public TimeSpan RetryFailedAfter { get; init; } = TimeSpan.FromSeconds(5);
}
