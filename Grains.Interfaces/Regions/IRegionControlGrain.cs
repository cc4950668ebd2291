using Orleans.Concurrency;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Regions;

/// <summary>
/// Which regions are evacuated, the same answer in every region: one grain (key <see cref="Key"/>) whose
/// state is member-data-like and so replicated to every region before a change is acknowledged. Clients
/// read it to decide where to go; the drill writes it.
/// </summary>
[Alias("netflix.IRegionControlGrain")]
public interface IRegionControlGrain : INetflixGrain
{
    public const string Key = "global";

    [Alias("Marks"), ReadOnly]
    Task<RegionMarks> Marks();

    /// <exception cref="ArgumentException">Unknown region, or it is the last region still serving.</exception>
    [Alias("Evacuate"), TrustedTierOnly]
    Task<RegionMarks> Evacuate(string region);

    [Alias("Restore"), TrustedTierOnly]
    Task<RegionMarks> Restore(string region);
}

/// <param name="Evacuated">Regions members must not be served from, in name order.</param>
/// <param name="ChangedAt">When the marks last changed (zero when never).</param>
/// <param name="ChangedIn">The region that changed them last.</param>
[GenerateSerializer, Immutable, Alias("netflix.RegionMarks")]
public sealed record RegionMarks([property: Id(0)] string[] Evacuated, [property: Id(1)] DateTimeOffset ChangedAt, [property: Id(2)] string? ChangedIn)
{
    public bool IsEvacuated(string region) => Evacuated.Contains(region, StringComparer.Ordinal);
}
