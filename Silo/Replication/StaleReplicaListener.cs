using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Core.Internal;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// Listens on the region's database for copies applied from other regions (<see cref="ReplicaStore.ChangeChannel"/>)
/// and asks any activation here that loaded the older state to deactivate, so the next call reads the
/// newer one. Without this a grain kept active in a region would serve a member's stale data after
/// the member wrote elsewhere.
/// </summary>
public sealed class StaleReplicaListener(string connectionString, LoadedReplicas loaded, IGrainFactory grains, ILogger<StaleReplicaListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Drop(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ReplicaStore.ChangeChannel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                // Copies applied while nobody listened were not announced: any activation here may hold an older state.
                // That includes the first time, at start: grains are called as soon as the silo is up, before the
                // first LISTEN is in place, and a copy shipped in between would leave them stale for their lifetime.
                foreach (var grainId in loaded.ReleaseAll()) _ = DeactivateAsync(grainId);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Listening for replicated changes failed ({Reason}); retrying", e.GetBaseException().Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Drop(string payload)
    {
        var space = payload.IndexOf(' ');
        if (space < 0) return;
        var grainId = GrainId.Parse(payload[(space + 1)..]);
        if (!loaded.Release(grainId)) return;
        _ = DeactivateAsync(grainId);
    }

    private async Task DeactivateAsync(GrainId grainId)
    {
        try
        {
            await grains.GetGrain(grainId).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not deactivate {Grain} after a newer copy arrived", grainId);
        }
    }
}
