using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orleans.Netflix.Silo.Origin;

/// <summary>
/// Announces this silo's origin server in its region's database while it runs (refreshed well within
/// <see cref="OriginEndpoints.FreshFor"/>) and withdraws it on a graceful stop, so other regions' copiers find it.
/// </summary>
public sealed class OriginAnnouncer(string url, string connectionString, ILogger<OriginAnnouncer> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var endpoints = OriginEndpoints.Open(connectionString);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await endpoints.AnnounceAsync(url, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Could not announce origin {Url} ({Reason}); retrying", url, e.GetBaseException().Message);
                }
                await Task.Delay(Every, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await endpoints.WithdrawAsync(url, timeout.Token);
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Could not withdraw origin {Url}; it ages out", url);
            }
        }
    }
}
