using Microsoft.Extensions.Options;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Bounds how many ffmpeg processes one silo runs at once (about its core count): x264 already fills
/// the cores, so more at once only adds memory and context switches.
/// </summary>
public sealed class FfmpegSlots(IOptions<EncodingOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.ConcurrentEncodes, options.Value.ConcurrentEncodes);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
