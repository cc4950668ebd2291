namespace Orleans.Netflix.Hosting.Periodic;

/// <summary>
/// The background loop of a batching buffer (<see cref="Batches"/>; the analytics publisher and writer): started once, and
/// on stop given a drain timeout to finish what it holds before its token is cancelled.
/// </summary>
public sealed class DrainingLoop(Func<CancellationToken, Task> body) : IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private Task? _loop;
    private int _stopped;

    public void Start() => _loop ??= Task.Run(() => body(_abort.Token));

    /// <summary>Waits up to <paramref name="drain"/> for the loop to end by itself (its buffer completed), then cancels it. False when it had to be cancelled; a second call does nothing.</summary>
    public async Task<bool> StopAsync(TimeSpan drain, CancellationToken cancellationToken)
    {
        if (_loop is null || Interlocked.Exchange(ref _stopped, 1) == 1) return true;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(drain);
        try
        {
            await _loop.WaitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync();
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
            return false;
        }
    }

    public void Dispose() => _abort.Dispose();
}
