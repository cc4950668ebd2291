using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Regions;

/// <summary>The silo's view of replication, implemented by the host where replication runs.</summary>
public interface IReplicationMonitor
{
    Task<ReplicationStatus> StatusAsync(CancellationToken cancellationToken);
}

/// <summary>A region that keeps member data alone.</summary>
public sealed class NoReplication(SiloRegion region) : IReplicationMonitor
{
    public Task<ReplicationStatus> StatusAsync(CancellationToken cancellationToken) => Task.FromResult(new ReplicationStatus(region.Name, false, 0, []));
}
