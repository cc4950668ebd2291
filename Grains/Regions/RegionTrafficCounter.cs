using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Hosting.Periodic;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Regions;

/// <summary>
/// Counts this silo's stream starts and the sessions it serves, and reports them to the region's
/// <see cref="IRegionTrafficGrain"/> every half second: one call per silo, not one per play.
/// </summary>
public sealed class RegionTrafficCounter(SiloRegion region, IGrainFactory grains, TimeProvider clock, ILogger<RegionTrafficCounter> logger)
    : BackgroundService
{
    public static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(500);

    private ConcurrentDictionary<long, int> _starts = new();
    private ConcurrentDictionary<long, int> _heartbeats = new();
    private ConcurrentDictionary<string, (DateTimeOffset First, DateTimeOffset Last)> _sessions = new(StringComparer.Ordinal);
    private ConcurrentQueue<SessionArrival> _arrivals = new();

    public void Started(string sessionId)
    {
        var now = clock.GetUtcNow();
        _starts.AddOrUpdate(now.ToUnixTimeSeconds(), 1, (_, n) => n + 1);
        Seen(sessionId, now);
    }

    /// <param name="arrivedFrom">The region that served the session before, when this heartbeat is its first here.</param>
    public void Heartbeat(string sessionId, string? arrivedFrom = null)
    {
        var now = clock.GetUtcNow();
        if (arrivedFrom is not null) _arrivals.Enqueue(new SessionArrival(sessionId, arrivedFrom, now));
        _heartbeats.AddOrUpdate(now.ToUnixTimeSeconds(), 1, (_, n) => n + 1);
        Seen(sessionId, now);
    }

    /// <summary>A session another region served before reached this one with something other than a heartbeat (its stop).</summary>
    public void Arrived(string sessionId, string from)
    {
        var now = clock.GetUtcNow();
        _arrivals.Enqueue(new SessionArrival(sessionId, from, now));
        Seen(sessionId, now);
    }

    private void Seen(string sessionId, DateTimeOffset now) =>
        _sessions.AddOrUpdate(sessionId, (now, now), (_, seen) => (seen.First, now));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(ReportEvery, _ => ReportAsync(),
            e => logger.LogDebug(e, "Traffic report for {Region} lost", region.Name), stoppingToken);

    /// <summary>Hands what was counted since the last report to the region's grain (nothing when nothing happened); a lost report is not sent again.</summary>
    private Task ReportAsync()
    {
        var starts = Interlocked.Exchange(ref _starts, new());
        var heartbeats = Interlocked.Exchange(ref _heartbeats, new());
        var sessions = Interlocked.Exchange(ref _sessions, new(StringComparer.Ordinal));
        var arrivals = Interlocked.Exchange(ref _arrivals, new());
        if (starts.IsEmpty && sessions.IsEmpty) return Task.CompletedTask;
        return grains.GetGrain<IRegionTrafficGrain>(region.Name).Report(new TrafficReport(
            [.. starts.Select(s => new SecondCount(s.Key, s.Value))],
            [.. sessions.Select(s => new SessionSeen(s.Key, s.Value.First, s.Value.Last))],
            [.. heartbeats.Select(s => new SecondCount(s.Key, s.Value))],
            [.. arrivals]));
    }
}
