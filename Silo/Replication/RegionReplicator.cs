using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Grains.Common;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// Writes replicated state for this silo's region and copies it to the other regions: committed here
/// together with a copy owed to every peer (the outbox), then written to every reachable peer in
/// parallel before the write is acknowledged. Copies a peer missed stay owed and are shipped by
/// <see cref="OutboxShipper"/> when it is back. A peer merges member data (it never refuses a copy for being
/// concurrent), so an acknowledged copy is in the peer's state.
/// </summary>
public sealed class RegionReplicator(ReplicaStore home, IReadOnlyList<ReplicaStore> peers, HybridLogicalClock clock,
    IOptions<ReplicationOptions> options, TimeProvider time, ILogger<RegionReplicator> logger) : IAsyncDisposable
{
    public string Region => home.Region;

    public ReplicaStore Home => home;

    public IReadOnlyList<ReplicaStore> Peers => peers;

    public HybridLogicalClock Clock => clock;

    /// <summary>How far this silo's clock runs ahead of each peer's, from the copies sent to them.</summary>
    public PeerClocks PeerClocks { get; } = new(time);

    private readonly string[] _peerNames = [.. peers.Select(p => p.Region)];

    /// <summary>The copies a write needs before it is acknowledged: the configured number, at most the peers there are.</summary>
    public int RequiredCopies => Math.Min(Math.Max(options.Value.RequiredCopies, 0), peers.Count);

    /// <summary>
    /// Writes <paramref name="payload"/> (null clears) over the version the grain last saw. Returns what was stored (the
    /// payload, or for member data its merge with a copy that arrived since); throws <see cref="ReplicaConflictException"/>
    /// when a whole-state row moved on or a concurrent write in another region superseded this one there,
    /// <see cref="RegionClockAheadException"/> when this region's clock runs too far ahead of every other region's, and
    /// <see cref="ReplicationUnavailableException"/> (carrying what was committed) when too few regions took a copy.
    /// </summary>
    public async Task<ReplicaRecord> WriteAsync(string stateName, string grainId, string? payload, ReplicaVersion? expected,
        CancellationToken cancellationToken = default)
    {
        var record = new ReplicaRecord(stateName, grainId, new ReplicaVersion(clock.Next(), Region), payload, time.GetUtcNow());
        var maxDrift = options.Value.MaxClockDrift;
        if (PeerClocks.AheadOfAll(HybridLogicalClock.WallTimeOf(record.Version.Clock), _peerNames) is { } ahead && ahead > maxDrift)
            throw new RegionClockAheadException(Region, ahead, maxDrift, committed: false);
        var write = await home.WriteAsync(record, expected, _peerNames, cancellationToken)
                    ?? throw new ReplicaConflictException(stateName, grainId, expected);
        var stored = write.Stored;
        clock.Observe(stored.Version.Clock);
        if (peers.Count == 0) return stored;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.SyncTimeout);
        var copies = await Task.WhenAll(peers.Select(async peer =>
        {
            try
            {
                var applied = await peer.ApplyAsync(stored, deadline.Token);
                PeerClocks.Measured(peer.Region, applied.RegionNow);
                return (Copy: (long?)write.Owed[peer.Region], applied.Outcome, Drift: (ClockDriftException?)null);
            }
            catch (ClockDriftException e)
            {
                PeerClocks.Measured(peer.Region, e.RegionNow);
                logger.LogWarning("{Peer} refused a copy of {State} {Grain}: {Reason}", peer.Region, stateName, grainId, e.Message);
                return (null, default, e);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug(e, "No synchronous copy of {State} {Grain} to {Peer}; it stays owed", stateName, grainId, peer.Region);
                return (null, default, null);
            }
        }));
        var done = copies.Where(c => c.Copy is not null).Select(c => c.Copy!.Value).ToArray();
        try
        {
            await home.SettleAsync(done, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not settle {Count} copies; the shipper will send them again, harmlessly", done.Length);
        }
        // A whole-state copy that a region already holds a newer version of lost to a concurrent write there: refused to the
        // caller (it reads the winner and may retry) rather than acknowledged and silently replaced. Member data merges instead.
        if (copies.Any(c => c.Copy is not null && c.Outcome == ApplyOutcome.Superseded))
            throw new ReplicaConflictException(stateName, grainId, expected, stored);
        if (done.Length < RequiredCopies)
        {
            if (copies.Any(c => c.Drift is not null))
                throw new ReplicationUnavailableException(stored, done.Length, RequiredCopies, Region,
                    new RegionClockAheadException(Region, HybridLogicalClock.WallTimeOf(stored.Version.Clock) - copies.Where(c => c.Drift is not null).Max(c => c.Drift!.RegionNow),
                        maxDrift, committed: true));
            throw new ReplicationUnavailableException(stored, done.Length, RequiredCopies, Region);
        }
        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        await home.DisposeAsync();
        foreach (var peer in peers) await peer.DisposeAsync();
    }
}

/// <summary>
/// The stored row is no longer the version the grain read (another write or a newer copy from another region won), or a
/// concurrent write in another region superseded this one there (<see cref="Committed"/>: this write is stored here
/// until that region's newer copy arrives, so later writes must build on it).
/// </summary>
public sealed class ReplicaConflictException(string stateName, string grainId, ReplicaVersion? expected, ReplicaRecord? committed = null)
    : Exception(committed is null
        ? $"{stateName} {grainId} changed since it was read (expected version {expected?.ETag ?? "none"})"
        : $"{stateName} {grainId} was written at the same time in another region, and that write is the newer one; read it and retry")
{
    public ReplicaRecord? Committed { get; } = committed;
}

/// <summary>The write is committed in its region but fewer regions than required hold a copy yet, so it is not acknowledged.</summary>
public sealed class ReplicationUnavailableException(ReplicaRecord committed, int copies, int required, string region, Exception? callerException = null)
    : Exception($"written in {region} but copied to {copies} of the {required} required other region(s)")
{
    public ReplicaRecord Committed { get; } = committed;

    /// <summary>What the caller is told (serializable to clients).</summary>
    public Exception ToCallerException() => callerException ?? new WriteNotReplicatedException(region, copies, required);
}
