using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Hosting.Periodic;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// One per silo: takes the events the partition grains receive and writes them to <see cref="IAnalyticsStore"/> in
/// batches (up to <see cref="AnalyticsOptions.WriteBatch"/> events, or whatever arrived within
/// <see cref="AnalyticsOptions.WriteEvery"/>). A failed write is retried, same batch, with a doubling delay until it
/// succeeds: the buffer then fills and <see cref="Write"/> waits (back-pressure to the stream), but nothing accepted is
/// dropped. Only a silo that stops while the store is still failing gives events up, and it says how many.
/// </summary>
public sealed class AnalyticsWriter : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly IAnalyticsStore _store;
    private readonly AnalyticsOptions _options;
    private readonly ILogger<AnalyticsWriter> _logger;
    private readonly Channel<Pending<AnalyticsEvent>> _pending;
    private readonly DrainingLoop _loop;
    private long _accepted;
    private long _written;
    private long _failedWrites;

    public AnalyticsWriter(IAnalyticsStore store, IOptions<AnalyticsOptions> options, ILogger<AnalyticsWriter> logger)
    {
        _store = store;
        _options = options.Value;
        _logger = logger;
        _pending = Batches.CreateBuffer<AnalyticsEvent>(_options.WriteBuffer);
        _loop = new DrainingLoop(RunAsync);
    }

    /// <summary>Events accepted so far (<see cref="Write"/> returned for them).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Events handed to the store and acknowledged by it (duplicates included).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Store writes that failed and were retried.</summary>
    public long FailedWrites => Interlocked.Read(ref _failedWrites);

    /// <summary>Accepts events for writing; waits while the buffer is full (the store is slow or failing).</summary>
    public async ValueTask Write(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken = default)
    {
        foreach (var e in events)
        {
            var item = new Pending<AnalyticsEvent>(e, null);
            if (!_pending.Writer.TryWrite(item)) await _pending.Writer.WriteAsync(item, cancellationToken);
            Interlocked.Increment(ref _accepted);
        }
    }

    /// <summary>Completes once every event accepted before the call is in the store.</summary>
    public async Task Flush(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _pending.Writer.WriteAsync(new Pending<AnalyticsEvent>(null, flushed), cancellationToken);
        await flushed.Task.WaitAsync(cancellationToken);
    }

    public void Start() => _loop.Start();

    /// <summary>Stops taking events and writes what it holds, for up to <see cref="AnalyticsOptions.DrainTimeout"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        // Events are lost only when the drain timed out (the store still failing); a second stop finds nothing to report.
        if (await _loop.StopAsync(_options.DrainTimeout, cancellationToken)) return;
        var lost = Accepted - Written;
        if (lost > 0) _logger.LogError("Analytics writer stopped with {Lost} event(s) not written: the store failed until the drain timeout", lost);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // Started before the stream agents deliver anything (Active) and stopped after they stop, before grains go.
        lifecycle.Subscribe(nameof(AnalyticsWriter), ServiceLifecycleStage.BecomeActive, _ =>
        {
            Start();
            return Task.CompletedTask;
        }, StopAsync);

    private async Task RunAsync(CancellationToken abort)
    {
        var reader = _pending.Reader;
        var batch = new List<AnalyticsEvent>(_options.WriteBatch);
        var flushes = new List<TaskCompletionSource>();
        try
        {
            while (await reader.WaitToReadAsync(abort))
            {
                await Batches.CollectAsync(reader, batch, flushes, _options.WriteBatch, _options.WriteEvery, abort);
                if (batch.Count > 0) await WriteWithRetry(batch, abort);
                foreach (var f in flushes) f.TrySetResult();
                batch.Clear();
                flushes.Clear();
            }
        }
        catch (Exception) when (abort.IsCancellationRequested)
        {
            // Stopping past the drain timeout: StopAsync reports what was not written.
        }
        finally
        {
            foreach (var f in flushes) f.TrySetCanceled(CancellationToken.None);
            while (reader.TryRead(out var left)) left.Flushed?.TrySetCanceled(CancellationToken.None);
        }
    }

    private async Task WriteWithRetry(List<AnalyticsEvent> batch, CancellationToken abort)
    {
        var delay = _options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.Append(batch, abort);
                Interlocked.Add(ref _written, batch.Count);
                if (attempt > 1) _logger.LogInformation("Analytics batch of {Count} event(s) written on attempt {Attempt}", batch.Count, attempt);
                return;
            }
            catch (Exception e) when (!abort.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failedWrites);
                _logger.LogWarning(e, "Analytics batch of {Count} event(s) failed to write (attempt {Attempt}); retrying in {Delay} ms",
                    batch.Count, attempt, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, abort);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _loop.Dispose();
    }
}
