using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Netflix.Grains.Regions;

namespace Orleans.Netflix.Grains.Media.Copies;

/// <summary>
/// Keeps the region's copier (<see cref="IOriginSyncGrain"/>) activated from every silo of the region: one cheap call
/// now and then, so that a copier lost with its silo is back on another within <see cref="Every"/>.
/// </summary>
public sealed class OriginSyncStarter(IGrainFactory grains, SiloRegion region, ILogger<OriginSyncStarter> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                await grains.GetGrain<IOriginSyncGrain>(region.Name).Start();
                await Task.Delay(Every, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The silo may not accept calls yet, or is leaving; the next round tries again.
                logger.LogDebug(e, "Could not reach the copier of {Region}", region.Name);
            }
        }
    }
}
