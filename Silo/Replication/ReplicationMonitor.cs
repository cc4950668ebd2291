using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>Replication figures from the region's database: the outbox per peer, and the lag of copies applied here.</summary>
public sealed class ReplicationMonitor(RegionReplicator replicator) : IReplicationMonitor
{
    public static readonly TimeSpan LagWindow = TimeSpan.FromMinutes(5);

    public async Task<ReplicationStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var backlog = (await replicator.Home.BacklogAsync(cancellationToken)).ToDictionary(b => b.Target);
        var lag = (await replicator.Home.LagAsync(LagWindow, cancellationToken)).ToDictionary(l => l.Origin);
        return new ReplicationStatus(replicator.Region, replicator.Peers.Count > 0, replicator.RequiredCopies,
        [
            .. replicator.Peers.Select(p => p.Region).Select(peer =>
            {
                var owed = backlog.TryGetValue(peer, out var b) ? b : default;
                var received = lag.TryGetValue(peer, out var l) ? l : default;
                return new PeerReplication(peer, owed.Count, owed.Count > 0 ? owed.Oldest : null, received.Copies, received.P50Ms, received.P99Ms, received.MaxMs);
            }),
        ]);
    }
}
