using Orleans.Concurrency;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Regions;

/// <summary>How a region's member data replication stands (key: the region): copies owed to each other region and the lag of copies received.</summary>
[Alias("netflix.IReplicationStatusGrain")]
public interface IReplicationStatusGrain : INetflixGrain
{
    [Alias("Status"), ReadOnly]
    Task<ReplicationStatus> Status();
}

/// <param name="Enabled">False when the region keeps member data alone (in memory, or no other region configured).</param>
/// <param name="RequiredCopies">Other regions that must hold a write before it is acknowledged.</param>
[GenerateSerializer, Immutable, Alias("netflix.ReplicationStatus")]
public sealed record ReplicationStatus(
    [property: Id(0)] string Region,
    [property: Id(1)] bool Enabled,
    [property: Id(2)] int RequiredCopies,
    [property: Id(3)] PeerReplication[] Peers);

/// <param name="Owed">Copies this region still owes the peer (it missed them: down, slow or unreachable).</param>
/// <param name="OldestOwed">When the oldest owed write was committed here.</param>
/// <param name="Received">Copies from the peer applied here in the last five minutes, with their lag (peer commit to local commit).</param>
[GenerateSerializer, Immutable, Alias("netflix.PeerReplication")]
public sealed record PeerReplication(
    [property: Id(0)] string Peer,
    [property: Id(1)] long Owed,
    [property: Id(2)] DateTimeOffset? OldestOwed,
    [property: Id(3)] long Received,
    [property: Id(4)] double LagP50Ms,
    [property: Id(5)] double LagP99Ms,
    [property: Id(6)] double LagMaxMs);
