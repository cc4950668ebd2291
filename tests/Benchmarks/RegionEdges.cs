using Orleans.Netflix.Cdn;
using Orleans.Netflix.Client.Regions;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// One edge per region, registered in that region's own edge registry and kept live by a heartbeat every
/// <see cref="Every"/> until disposed, so StartPlayback has an edge to steer to wherever a session lands. No edge
/// process runs: the players never fetch a segment. A missed heartbeat is retried at the next tick.
/// </summary>
public sealed class RegionEdges : IAsyncDisposable
{
    /// <summary>Well within the registry's <c>Netflix:Cdn:EdgeTimeout</c> (15 s by default).</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private RegionEdges(IRegionLinks links, IReadOnlyList<string> regions) => _loop = Task.Run(() => BeatAsync(links, regions));

    /// <summary>Registers every region's edge once (a failure throws), then keeps them live.</summary>
    public static async Task<RegionEdges> StartAsync(IRegionLinks links, IReadOnlyList<string> regions, CancellationToken cancellationToken)
    {
        foreach (var region in regions) await BeatAsync(links, region, cancellationToken);
        return new RegionEdges(links, regions);
    }

    private static async Task BeatAsync(IRegionLinks links, string region, CancellationToken cancellationToken) =>
        await (await links.ConnectAsync(region, cancellationToken)).GetGrain<IEdgeRegistryGrain>(region).Heartbeat(
            new EdgeReport($"{region}-edge", region, "local", "http://127.0.0.1:9", EdgeHealth.Healthy, 0, 0, 1L << 30, 1L << 30, []));

    private async Task BeatAsync(IRegionLinks links, IReadOnlyList<string> regions)
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                foreach (var region in regions)
                {
                    try
                    {
                        await BeatAsync(links, region, _stop.Token);
                    }
                    catch (Exception) when (!_stop.IsCancellationRequested)
                    {
                        // An evacuated or busy region may miss one; the registry keeps the edge live for a few more.
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        _stop.Dispose();
    }
}
