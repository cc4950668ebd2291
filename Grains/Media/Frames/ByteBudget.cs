namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// An async gate over a number of bytes: <see cref="TakeAsync"/> waits, first come first served,
/// until the bytes fit in what is left. One request larger than the whole budget is let through
/// when nothing else is held, so an oversized piece slows work down instead of stopping it.
/// </summary>
public sealed class ByteBudget(long capacity)
{
    private readonly object _lock = new();
    private readonly LinkedList<(long Bytes, TaskCompletionSource Granted)> _waiting = new();
    private long _held;

    public long Capacity { get; } = capacity;

    public long Held
    {
        get { lock (_lock) return _held; }
    }

    /// <summary>
    /// Takes <paramref name="bytes"/>, waiting for room. A cancelled wait leaves the queue and holds
    /// nothing; a wait granted before the cancellation holds its bytes (the task then succeeds).
    /// </summary>
    public Task TakeAsync(long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        LinkedListNode<(long, TaskCompletionSource)> node;
        lock (_lock)
        {
            if (_waiting.Count == 0 && Fits(bytes))
            {
                _held += bytes;
                return Task.CompletedTask;
            }
            cancellationToken.ThrowIfCancellationRequested();
            node = _waiting.AddLast((bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_lock)
                {
                    if (node.List is null) return; // granted already
                    _waiting.Remove(node);
                }
                node.Value.Item2.TrySetCanceled(cancellationToken);
                Release(); // the next in line may fit now that this one left
            });
            _ = node.Value.Item2.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return node.Value.Item2.Task;
    }

    public void Return(long bytes) => Resize(bytes, 0);

    /// <summary>Corrects what one holder holds, once its true size is known.</summary>
    public void Resize(long from, long to)
    {
        lock (_lock) _held = Math.Max(0, _held - from + to);
        Release();
    }

    private void Release()
    {
        var granted = new List<TaskCompletionSource>();
        lock (_lock)
        {
            while (_waiting.First is { } next && Fits(next.Value.Bytes))
            {
                _waiting.RemoveFirst();
                _held += next.Value.Bytes;
                granted.Add(next.Value.Granted);
            }
        }
        foreach (var g in granted) g.SetResult();
    }

    private bool Fits(long bytes) => _held == 0 || _held + bytes <= Capacity;
}
