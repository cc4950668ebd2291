using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// Sends the copies this region still owes other regions (a peer that was down, slow or unreachable when
/// the write happened), oldest first, and settles each once applied. Applying is idempotent and
/// version-guarded, so two silos of a region shipping the same entry, or a repeat after a crash, change nothing.
/// </summary>
public sealed class OutboxShipper(RegionReplicator replicator, IOptions<ReplicationOptions> options, ILogger<OutboxShipper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (replicator.Peers.Count == 0) return;
        using var timer = new PeriodicTimer(options.Value.ShipEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
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
    }

    /// <summary>Sends what is owed to <paramref name="peer"/> until nothing is, or it fails. Returns how many copies were sent.</summary>
    public async Task<int> ShipAsync(ReplicaStore peer, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (true)
        {
            var owed = await replicator.Home.OwedAsync(peer.Region, options.Value.ShipBatch, cancellationToken);
            if (owed.Count == 0) return sent;
            foreach (var entry in owed) await peer.ApplyAsync(entry.Record, cancellationToken);
            await replicator.Home.SettleAsync([.. owed.Select(e => e.Id)], cancellationToken);
            sent += owed.Count;
            logger.LogInformation("Shipped {Count} owed copies to {Peer}", owed.Count, peer.Region);
        }
    }
}
