using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Grains.Telemetry;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// Replication as gauges per peer region, from the figures <c>regions</c> shows (<see cref="IReplicationMonitor"/>):
/// copies this region still owes the peer, how long the oldest of them has waited, and the lag of copies received from the
/// peer in the last five minutes (p99). Reading them costs two queries of the region's database, so a scrape is answered
/// from the last reading and starts a new one when that is older than <see cref="RefreshAfter"/>: a silo nobody scrapes
/// asks nothing, and the first scrape has no replication figures yet. A hosted service only so that it is made, and its
/// gauges exist, when the silo starts.
/// </summary>
public sealed class ReplicationMetrics : IHostedService
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(10);

    private readonly IReplicationMonitor _monitor;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReplicationMetrics> _logger;
    private ReplicationStatus? _last;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private int _reading;

    public ReplicationMetrics(IMeterFactory meters, IReplicationMonitor monitor, TimeProvider clock, ILogger<ReplicationMetrics> logger)
    {
        (_monitor, _clock, _logger) = (monitor, clock, logger);
        var meter = meters.Create(SiloMetrics.MeterName);
        meter.CreateObservableGauge("netflix.replication.owed", () => Peers(p => p.Owed), description: "copies this region owes a peer region, by peer");
        meter.CreateObservableGauge("netflix.replication.owed.age", () => Peers(p => p.OldestOwed is { } oldest ? (_clock.GetUtcNow() - oldest).TotalSeconds : 0),
            unit: "s", description: "how long the oldest copy owed to a peer region has waited, by peer");
        meter.CreateObservableGauge("netflix.replication.lag.p99", () => Peers(p => p.LagP99Ms / 1000),
            unit: "s", description: "p99 time from a peer's commit to this region's, for copies received in the last five minutes, by peer");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<double>> Peers(Func<PeerReplication, double> value)
    {
        RefreshIfOld();
        return _last is { } status
            ? status.Peers.Select(p => new Measurement<double>(value(p), new KeyValuePair<string, object?>("peer", p.Peer)))
            : [];
    }

    private void RefreshIfOld()
    {
        if (_clock.GetUtcNow() - _readAt < RefreshAfter || Interlocked.Exchange(ref _reading, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            try
            {
                _last = await _monitor.StatusAsync(CancellationToken.None);
                _readAt = _clock.GetUtcNow();
            }
            catch (Exception e)
            {
                _logger.LogWarning("Replication figures for /metrics could not be read: {Error}", e.Message);
            }
            finally
            {
                Volatile.Write(ref _reading, 0);
            }
        });
    }
}
