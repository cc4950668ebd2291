using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// Writes replicated state for this silo's region and copies it to the other regions: committed here
/// together with a copy owed to every peer (the outbox), then written to every reachable peer in
/// parallel before the write is acknowledged. Copies a peer missed stay owed and are shipped by
/// <see cref="OutboxShipper"/> when it is back.
/// </summary>
public sealed class RegionReplicator(ReplicaStore home, IReadOnlyList<ReplicaStore> peers, HybridLogicalClock clock,
    IOptions<ReplicationOptions> options, TimeProvider time, ILogger<RegionReplicator> logger) : IAsyncDisposable
{
    public string Region => home.Region;

    public ReplicaStore Home => home;

    public IReadOnlyList<ReplicaStore> Peers => peers;

    public HybridLogicalClock Clock => clock;

    private readonly string[] _peerNames = [.. peers.Select(p => p.Region)];

    /// <summary>The copies a write needs before it is acknowledged: the configured number, at most the peers there are.</summary>
    public int RequiredCopies => Math.Min(Math.Max(options.Value.RequiredCopies, 0), peers.Count);

    /// <summary>
    /// Writes <paramref name="payload"/> (null clears) over the version the grain last saw. Returns the new
    /// version; throws <see cref="ReplicaConflictException"/> when the row moved on, and
    /// <see cref="ReplicationUnavailableException"/> (carrying the committed version) when too few regions took a copy.
    /// </summary>
    public async Task<ReplicaVersion> WriteAsync(string stateName, string grainId, string? payload, ReplicaVersion? expected,
        CancellationToken cancellationToken = default)
    {
        var record = new ReplicaRecord(stateName, grainId, new ReplicaVersion(clock.Next(), Region), payload, time.GetUtcNow());
        var owed = await home.WriteAsync(record, expected, _peerNames, cancellationToken)
                   ?? throw new ReplicaConflictException(stateName, grainId, expected);
        if (peers.Count == 0) return record.Version;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.SyncTimeout);
        var copies = await Task.WhenAll(peers.Select(async peer =>
        {
            try
            {
                await peer.ApplyAsync(record, deadline.Token);
                return owed[peer.Region];
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug(e, "No synchronous copy of {State} {Grain} to {Peer}; it stays owed", stateName, grainId, peer.Region);
                return (long?)null;
            }
        }));
        var done = copies.OfType<long>().ToArray();
        try
        {
            await home.SettleAsync(done, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not settle {Count} copies; the shipper will send them again, harmlessly", done.Length);
        }
        if (done.Length < RequiredCopies)
            throw new ReplicationUnavailableException(record.Version, done.Length, RequiredCopies, Region);
        return record.Version;
    }

    public async ValueTask DisposeAsync()
    {
        await home.DisposeAsync();
        foreach (var peer in peers) await peer.DisposeAsync();
    }
}

/// <summary>The stored row is no longer the version the grain read: another write or a newer copy from another region won.</summary>
public sealed class ReplicaConflictException(string stateName, string grainId, ReplicaVersion? expected)
    : Exception($"{stateName} {grainId} changed since it was read (expected version {expected?.ETag ?? "none"})");

/// <summary>The write is committed in its region but fewer regions than required hold a copy yet, so it is not acknowledged.</summary>
public sealed class ReplicationUnavailableException(ReplicaVersion committed, int copies, int required, string region) : Exception
{
    public ReplicaVersion Committed { get; } = committed;

    /// <summary>What the caller is told (serializable to clients).</summary>
    public WriteNotReplicatedException ToCallerException() => new(region, copies, required);
}
