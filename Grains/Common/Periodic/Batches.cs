using System.Threading.Channels;
using Orleans.Netflix.Analytics;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>An event waiting in a buffer (<see cref="AnalyticsPublisher"/>, <see cref="AnalyticsWriter"/>), or a flush waiting for everything before it.</summary>
internal readonly record struct PendingEvent(AnalyticsEvent? Event, TaskCompletionSource? Flushed);

/// <summary>How both buffers cut their contents into batches.</summary>
internal static class PendingEvents
{
    public static Channel<PendingEvent> CreateBuffer(int capacity) =>
        Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full; WriteAsync waits
        });

    /// <summary>
    /// Moves events into <paramref name="batch"/> until it holds <paramref name="max"/>, <paramref name="linger"/> has
    /// passed since the call, a flush is reached (added to <paramref name="flushes"/>), or the buffer is completed.
    /// </summary>
    public static async Task CollectAsync(ChannelReader<PendingEvent> reader, List<AnalyticsEvent> batch, List<TaskCompletionSource> flushes,
        int max, TimeSpan linger, CancellationToken abort)
    {
        var deadline = DateTime.UtcNow + linger;
        while (true)
        {
            while (batch.Count < max && reader.TryRead(out var item))
            {
                if (item.Flushed is { } flush)
                {
                    flushes.Add(flush);
                    return;
                }
                batch.Add(item.Event!);
            }
            var remaining = deadline - DateTime.UtcNow;
            if (batch.Count >= max || remaining <= TimeSpan.Zero) return;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(abort);
            wait.CancelAfter(remaining);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token)) return; // completed: what we have is all there is
            }
            catch (OperationCanceledException) when (!abort.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
