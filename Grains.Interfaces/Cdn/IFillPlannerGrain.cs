using Orleans.Concurrency;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Cdn;

/// <summary>One file an edge should hold ahead of demand.</summary>
[GenerateSerializer, Immutable, Alias("netflix.FillFile")]
public sealed record FillFile([property: Id(0)] string TitleId, [property: Id(1)] string Path, [property: Id(2)] long Bytes, [property: Id(3)] string Sha256);

/// <summary>What one edge should hold: whole titles, most popular first, within its capacity.</summary>
[GenerateSerializer, Immutable, Alias("netflix.FillPlan")]
public sealed record FillPlan([property: Id(0)] string EdgeId, [property: Id(1)] string[] Titles, [property: Id(2)] FillFile[] Files, [property: Id(3)] long Bytes);

/// <summary>Plays of one title: counted by steering, or its decayed count when the planner reports it.</summary>
[GenerateSerializer, Immutable, Alias("netflix.TitlePlayCount")]
public sealed record TitlePlayCount([property: Id(0)] string TitleId, [property: Id(1)] double Plays);

/// <summary>
/// Proactive fill for one region (key: region name): plays (counted by steering) make a decayed
/// popularity per title, and each edge's plan is the most popular titles that fit its capacity.
/// </summary>
[Alias("netflix.IFillPlannerGrain")]
public interface IFillPlannerGrain : INetflixGrain
{
    /// <summary>
    /// Counts plays, as a silo's steering has gathered them over a moment; one-way, so nobody waits on the
    /// region's single planner.
    /// </summary>
    [Alias("RecordPlays"), OneWay, TrustedTierOnly]
    Task RecordPlays(TitlePlayCount[] plays);

    /// <summary>The region's most played titles, by decayed play count, most popular first.</summary>
    [Alias("Popular"), ReadOnly]
    Task<TitlePlayCount[]> Popular(int count);

    /// <summary>The edge's fill plan; empty for an edge the registry does not know as live.</summary>
    [Alias("PlanFor")]
    Task<FillPlan> PlanFor(string edgeId);
}
