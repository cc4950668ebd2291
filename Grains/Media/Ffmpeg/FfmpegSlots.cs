using Microsoft.Extensions.Options;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Bounds how many ffmpeg processes one silo runs at once (about its core count): x264 already fills
/// the cores, so more at once only adds memory and context switches. Each run's time limit
/// (<see cref="EncodingOptions.ChunkTimeout"/>) starts when it gets its slot, not while it queues.
/// </summary>
public sealed class FfmpegSlots(IOptions<EncodingOptions> options) : IDisposable
{
    private readonly TimeSpan _limit = options.Value.ChunkTimeout;
    private readonly SemaphoreSlim _slots = new(options.Value.ConcurrentEncodes, options.Value.ConcurrentEncodes);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_limit);
            return await work(limit.Token);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
