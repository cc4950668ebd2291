using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.EdgeServer.Cache;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.EdgeServer.Observability;
using Orleans.Netflix.EdgeServer.Origin;
using Orleans.Netflix.Hosting.Periodic;

namespace Orleans.Netflix.EdgeServer.Registration;

/// <summary>
/// Registers the edge with its region's <see cref="IEdgeRegistryGrain"/> and heartbeats every
/// <see cref="EdgeOptions.HeartbeatEvery"/>: health, sessions, egress, capacity, free bytes and the
/// titles it holds whole. A failed heartbeat is logged and retried; a graceful stop deregisters.
/// </summary>
public sealed class HeartbeatService(
    IGrainFactory grains,
    ContentCache cache,
    AssetIndex index,
    EdgeTraffic traffic,
    EdgeAddress address,
    IOptions<EdgeOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    private bool _registered;
    private double _egressBitsPerSecond; // sampled once per heartbeat, so reading a report changes nothing

    public EdgeReport Report()
    {
        var o = options.Value;
        var stats = cache.Stats;
        var held = index.Known.Where(t => t.Files.Values.All(f => cache.Contains(CacheKey.Create(f.Sha256, f.Bytes)))).Select(t => t.TitleId).Order(StringComparer.Ordinal).ToArray();
        return new EdgeReport(o.EdgeId, o.Region, o.Location, address.PublicUrl, EdgeHealth.Healthy, traffic.ActiveSessions,
            _egressBitsPerSecond, stats.CapacityBytes, stats.CapacityBytes - stats.StoredBytes, held);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first heartbeat waits for Kestrel: until then the edge's own URL is not known.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        var registry = grains.GetGrain<IEdgeRegistryGrain>(options.Value.Region);
        await PeriodicLoop.RunAsync(options.Value.HeartbeatEvery, async _ =>
        {
            _egressBitsPerSecond = traffic.SampleEgressBitsPerSecond();
            await registry.Heartbeat(Report());
            if (!_registered) logger.LogInformation("Edge {Edge} registered with region {Region} as {Url}", options.Value.EdgeId, options.Value.Region, address.PublicUrl);
            _registered = true;
        }, e => logger.LogWarning("Heartbeat to region {Region} failed, retrying: {Error}", options.Value.Region, e.Message), stoppingToken, tickAtOnce: true);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await grains.GetGrain<IEdgeRegistryGrain>(options.Value.Region).Deregister(options.Value.EdgeId).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not deregister: {Error}", e.Message);
        }
    }
}
