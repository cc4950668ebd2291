using Orleans.Concurrency;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Regions;

/// <summary>Answers from any silo of the region (the figures live in the region's database).</summary>
[GrainType("replication-status"), StatelessWorker]
public sealed class ReplicationStatusGrain(IReplicationMonitor monitor) : Grain, IReplicationStatusGrain
{
    public Task<ReplicationStatus> Status() => monitor.StatusAsync(CancellationToken.None);
}
