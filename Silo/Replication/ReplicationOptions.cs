namespace Orleans.Netflix.Silo.Replication;

/// <summary>The "Netflix:Replication" section: which member data crosses regions and how a write waits for it.</summary>
public sealed class ReplicationOptions
{
    public const string Section = "Netflix:Replication";

    /// <summary>
    /// How many other regions must hold a write before it is acknowledged (capped at the number of
    /// peers). Every reachable peer is written in parallel within <see cref="SyncTimeout"/>; this is
    /// the least that must succeed, else the write fails (it stays committed here and is copied later).
    /// </summary>
    public int RequiredCopies { get; set; } = 1;

    /// <summary>How long a write waits for its synchronous copies.</summary>
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the outbox is shipped to regions that missed a synchronous copy.</summary>
    public TimeSpan ShipEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many owed copies one shipping round sends to one region.</summary>
    public int ShipBatch { get; set; } = 500;

    /// <summary>
    /// How far ahead of a region's own clock (its database's) a copy may be stamped and still be taken in. A copy stamped
    /// further ahead is refused, stays owed, and is taken once that region's clock is within this of its stamp; a region
    /// that finds its own clock this far ahead of every other region's refuses writes. So a region whose clock runs ahead
    /// wins a conflicting write by at most this much.
    /// </summary>
    public TimeSpan MaxClockDrift { get; set; } = Grains.Common.HybridLogicalClock.DefaultMaxDrift;
}
