using Orleans.Netflix.Grains.Common;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>A home write as stored (the grain's state, or its merge with a copy that arrived since it read), and the copies it owes.</summary>
public sealed record HomeWrite(ReplicaRecord Stored, IReadOnlyDictionary<string, long> Owed);

/// <summary>What a copy did to the region it was applied to, and that region's database clock when it did.</summary>
public readonly record struct ApplyResult(ApplyOutcome Outcome, DateTimeOffset RegionNow);

public enum ApplyOutcome
{
    /// <summary>The copy is now the row.</summary>
    Applied,

    /// <summary>Merged with a concurrent write the region held: the row holds both.</summary>
    Merged,

    /// <summary>The region held this copy already (or all it says): nothing changed.</summary>
    AlreadyHeld,

    /// <summary>A whole-state copy older than the region's row: the row's newer version stands.</summary>
    Superseded,
}

/// <summary>A copy stamped further ahead of the receiving region's clock than the maximum drift; it stays owed.</summary>
public sealed class ClockDriftException(string region, ReplicaVersion version, DateTimeOffset regionNow, TimeSpan maxDrift)
    : Exception($"{region} refused a copy stamped {(HybridLogicalClock.WallTimeOf(version.Clock) - regionNow).TotalSeconds:0} s ahead of its clock by {version.Region} (at most {maxDrift.TotalSeconds:0} s)")
{
    public DateTimeOffset RegionNow { get; } = regionNow;
}
