using System.Threading.Channels;

namespace Orleans.Netflix.Hosting.Periodic;

/// <summary>An item waiting in a batching buffer, or a flush waiting for everything before it.</summary>
public readonly record struct Pending<T>(T? Item, TaskCompletionSource? Flushed) where T : class;

/// <summary>
/// Batch until a size or an interval, with explicit flushes: a bounded buffer of <see cref="Pending{T}"/> that one
/// loop (<see cref="DrainingLoop"/>) cuts into batches with <see cref="CollectAsync{T}"/>. A flush is a marker in the
/// buffer, so it completes once every item put in before it has been handled.
/// </summary>
public static class Batches
{
    public static Channel<Pending<T>> CreateBuffer<T>(int capacity) where T : class =>
        Channel.CreateBounded<Pending<T>>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full; WriteAsync waits
        });

    /// <summary>
    /// Moves items into <paramref name="batch"/> until it holds <paramref name="max"/>, <paramref name="linger"/> has
    /// passed since the call, a flush is reached (added to <paramref name="flushes"/>), or the buffer is completed.
    /// </summary>
    public static async Task CollectAsync<T>(ChannelReader<Pending<T>> reader, List<T> batch, List<TaskCompletionSource> flushes,
        int max, TimeSpan linger, CancellationToken abort) where T : class
    {
        var deadline = DateTime.UtcNow + linger;
        while (true)
        {
            while (batch.Count < max && reader.TryRead(out var pending))
            {
                if (pending.Flushed is { } flush)
                {
                    flushes.Add(flush);
                    return;
                }
                batch.Add(pending.Item!);
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
