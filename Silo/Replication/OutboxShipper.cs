using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Hosting.Periodic;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// Sends the copies this region still owes other regions (a peer that was down, slow or unreachable when
/// the write happened), oldest first, and settles each once applied. Applying is idempotent and
/// merge- or version-guarded, so two silos of a region shipping the same entry, or a repeat after a crash, change nothing.
/// </summary>
public sealed class OutboxShipper(RegionReplicator replicator, IOptions<ReplicationOptions> options, ILogger<OutboxShipper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        replicator.Peers.Count == 0 ? Task.CompletedTask : PeriodicLoop.RunAsync(options.Value.ShipEvery, ShipRoundAsync,
            e => logger.LogDebug(e, "A shipping round failed; retrying next round"), stoppingToken);

    /// <summary>One round: every peer in turn, a peer that fails left for the next round without holding up the others.</summary>
    private async Task ShipRoundAsync(CancellationToken stoppingToken)
    {
        foreach (var peer in replicator.Peers)
        {
            try
            {
                await ShipAsync(peer, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(e, "Shipping to {Peer} failed; retrying next round", peer.Region);
            }
        }
    }

    /// <summary>Sends what is owed to <paramref name="peer"/> until nothing is, or it fails. Returns how many copies were sent.</summary>
    public async Task<int> ShipAsync(ReplicaStore peer, CancellationToken cancellationToken)
    {
        // Each round measures the peer's clock, so a write here stamped too far ahead of every peer is refused before it is written.
        replicator.PeerClocks.Measured(peer.Region, await peer.ClockAsync(cancellationToken));
        var sent = 0;
        while (true)
        {
            var owed = await replicator.Home.OwedAsync(peer.Region, options.Value.ShipBatch, cancellationToken);
            if (owed.Count == 0) return sent;
            var shipped = new List<long>(owed.Count);
            ClockDriftException? drift = null;
            foreach (var entry in owed)
            {
                try
                {
                    replicator.PeerClocks.Measured(peer.Region, (await peer.ApplyAsync(entry.Record, cancellationToken)).RegionNow);
                    shipped.Add(entry.Id);
                }
                catch (ClockDriftException e)
                {
                    // Stamped too far ahead of the peer's clock: it stays owed until that clock comes within range, and
                    // holds up nothing else (applying is merge- or version-guarded, so order does not matter).
                    replicator.PeerClocks.Measured(peer.Region, e.RegionNow);
                    drift = e;
                }
            }
            await replicator.Home.SettleAsync(shipped, cancellationToken);
            sent += shipped.Count;
            if (shipped.Count > 0) logger.LogInformation("Shipped {Count} owed copies to {Peer}", shipped.Count, peer.Region);
            if (drift is not null)
            {
                logger.LogWarning("{Count} copies stay owed to {Peer}: {Reason}", owed.Count - shipped.Count, peer.Region, drift.Message);
                return sent;
            }
        }
    }
}
