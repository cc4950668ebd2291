using Orleans.Netflix.Client.Connection;

namespace Orleans.Netflix.Client.Regions;

/// <summary>One Orleans client per region, connected on first use with that region's <see cref="ClientOptions"/>.</summary>
public sealed class RegionConnections(IReadOnlyDictionary<string, ClientOptions> regions) : IRegionLinks, IAsyncDisposable
{
    private readonly Dictionary<string, Task<ClusterConnection>> _connections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyCollection<string> Regions => [.. regions.Keys];

    public async Task<IGrainFactory> ConnectAsync(string region, CancellationToken cancellationToken)
    {
        if (!regions.TryGetValue(region, out var options)) throw new ClusterUnreachableException($"no way to reach region {region} is configured");
        Task<ClusterConnection> connecting;
        lock (_lock)
        {
            if (!_connections.TryGetValue(region, out connecting!) || connecting.IsFaulted || connecting.IsCanceled)
                _connections[region] = connecting = ClusterConnection.ConnectAsync(options, CancellationToken.None);
        }
        return (await connecting.WaitAsync(cancellationToken)).Client;
    }

    public async ValueTask ForgetAsync(string region)
    {
        Task<ClusterConnection>? connection;
        lock (_lock)
        {
            if (!_connections.Remove(region, out connection)) return;
        }
        try
        {
            await (await connection).DisposeAsync();
        }
        catch (Exception)
        {
            // It failed to connect or to stop: either way it is gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var region in regions.Keys) await ForgetAsync(region);
    }
}
