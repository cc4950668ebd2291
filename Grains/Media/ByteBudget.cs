namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// An async gate over a number of bytes: <see cref="TakeAsync"/> waits, first come first served,
/// until the bytes fit in what is left. One request larger than the whole budget is let through
/// when nothing else is held, so an oversized piece slows work down instead of stopping it.
/// </summary>
public sealed class ByteBudget(long capacity)
{
    private readonly object _lock = new();
    private readonly Queue<(long Bytes, TaskCompletionSource Granted)> _waiting = new();
    private long _held;

    public long Capacity { get; } = capacity;

    public long Held
    {
        get { lock (_lock) return _held; }
    }

    public Task TakeAsync(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_lock)
        {
            if (_waiting.Count == 0 && Fits(bytes))
            {
                _held += bytes;
                return Task.CompletedTask;
            }
            var granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue((bytes, granted));
            return granted.Task;
        }
    }

    public void Return(long bytes) => Resize(bytes, 0);

    /// <summary>Corrects what one holder holds, once its true size is known.</summary>
    public void Resize(long from, long to)
    {
        var granted = new List<TaskCompletionSource>();
        lock (_lock)
        {
            _held = Math.Max(0, _held - from + to);
            while (_waiting.TryPeek(out var next) && Fits(next.Bytes))
            {
                _waiting.Dequeue();
                _held += next.Bytes;
                granted.Add(next.Granted);
            }
        }
        foreach (var g in granted) g.SetResult();
    }

    private bool Fits(long bytes) => _held == 0 || _held + bytes <= Capacity;
}
