using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.EdgeServer.Cache;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.EdgeServer.Origin;
using Orleans.Netflix.Hosting.Periodic;

namespace Orleans.Netflix.EdgeServer.Fill;

/// <summary>
/// Proactive fill: every <see cref="EdgeOptions.FillEvery"/> the edge asks its region's
/// <see cref="IFillPlannerGrain"/> what to hold, pins those objects in the cache (evicted last) and pulls
/// the ones it lacks from origin in the background, no faster than <see cref="EdgeOptions.FillBytesPerSecond"/>,
/// so fill never starves players of origin bandwidth. Pulled bytes are verified like any miss.
/// </summary>
public sealed class FillService(
    IGrainFactory grains,
    ContentCache cache,
    AssetIndex index,
    OriginClient origin,
    IOptions<EdgeOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<FillService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.FillEvery <= TimeSpan.Zero) return;
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        await PeriodicLoop.RunAsync(o.FillEvery, FillOnceAsync,
            e => logger.LogWarning("Fill round failed, trying again later: {Error}", e.Message), stoppingToken, tickAtOnce: true);
    }

    /// <summary>One round: fetch the plan, pin it, pull what is missing at the bounded rate.</summary>
    public async Task FillOnceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var plan = await grains.GetGrain<IFillPlannerGrain>(o.Region).PlanFor(o.EdgeId);
        cache.SetPinned(plan.Files.Select(f => CacheKey.Create(f.Sha256, f.Bytes)));
        foreach (var title in plan.Titles) await index.GetAsync(title); // so heartbeats can report it as held
        var clock = Stopwatch.StartNew();
        long pulled = 0;
        foreach (var file in plan.Files)
        {
            var key = CacheKey.Create(file.Sha256, file.Bytes);
            if (cache.Contains(key)) continue;
            await using (await cache.GetOrFetchAsync(key, ct => origin.FetchAsync(file.Path, file.Bytes, ct), cancellationToken))
            {
            }
            pulled += file.Bytes;
            var due = TimeSpan.FromSeconds(pulled / (double)o.FillBytesPerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, cancellationToken);
        }
        if (pulled > 0) logger.LogInformation("Fill pulled {Bytes} bytes for {Titles} title(s) in {Seconds:0.0} s", pulled, plan.Titles.Length, clock.Elapsed.TotalSeconds);
    }
}
