using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Hosting.Periodic;
using Orleans.Streams;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// How grains put events on the analytics stream (<see cref="AnalyticsStreams"/>), one per silo. <see cref="Publish"/>
/// only buffers the event, so it costs the caller (press play) next to nothing and can never fail it; a loop sends the
/// buffer on, one stream message per member partition with what piled up within <see cref="AnalyticsOptions.PublishEvery"/>
/// (fewer, larger messages for the stream's queues and subscribers under load). When the stream
/// refuses a message or the buffer is full, the events are dropped and logged: analytics never holds up playback.
/// </summary>
public sealed class AnalyticsPublisher : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private static readonly TimeSpan LogDropsEvery = TimeSpan.FromSeconds(10);

    private readonly IServiceProvider _services;
    private readonly AnalyticsOptions _options;
    private readonly ILogger<AnalyticsPublisher> _logger;
    private readonly Channel<Pending<AnalyticsEvent>> _pending;
    private readonly DrainingLoop _loop;
    private IAsyncStream<AnalyticsEvent>[]? _streams;
    private long _published;
    private long _dropped;
    private long _lastDropLog;

    public AnalyticsPublisher(IServiceProvider services, IOptions<AnalyticsOptions> options, ILogger<AnalyticsPublisher> logger)
    {
        _services = services;
        _options = options.Value;
        _logger = logger;
        _pending = Batches.CreateBuffer<AnalyticsEvent>(_options.PublishBuffer);
        _loop = new DrainingLoop(RunAsync);
    }

    /// <summary>Events handed to the stream, a screen shown counted as its impressions (as the log will hold them).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Events dropped, counted as <see cref="Published"/>: the buffer was full, the silo was stopping, or the stream refused them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="e"/> for the stream; never blocks, never throws.</summary>
    public void Publish(AnalyticsEvent e)
    {
        if (e is null) return;
        if (string.IsNullOrEmpty(e.MemberId) || string.IsNullOrEmpty(e.Region)
            || (e.Kind == AnalyticsEventKind.ScreenShown ? e.Tiles is not { Length: > 0 } : string.IsNullOrEmpty(e.TitleId)))
        {
            Drop(ScreenImpressions.CountOf(e), "an event without member, title or region cannot be logged", null);
            return;
        }
        if (!_pending.Writer.TryWrite(new Pending<AnalyticsEvent>(e, null))) Drop(ScreenImpressions.CountOf(e), "the publish buffer is full or the silo is stopping", null);
    }

    /// <summary>Completes once every event published on this silo before the call has been handed to the stream (or dropped).</summary>
    public async Task Flush(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite(new Pending<AnalyticsEvent>(null, flushed)))
        {
            try
            {
                await _pending.Writer.WriteAsync(new Pending<AnalyticsEvent>(null, flushed), cancellationToken);
            }
            catch (ChannelClosedException)
            {
                return; // stopping: nothing more will be published
            }
        }
        await flushed.Task.WaitAsync(cancellationToken);
    }

    public void Start() => _loop.Start();

    /// <summary>Stops taking events and sends what it holds, for up to <see cref="AnalyticsOptions.DrainTimeout"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        await _loop.StopAsync(_options.DrainTimeout, cancellationToken);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // Stopped first among ours (Active stops before BecomeActive), while streams and grains still answer.
        lifecycle.Subscribe(nameof(AnalyticsPublisher), ServiceLifecycleStage.Active, _ =>
        {
            Start();
            return Task.CompletedTask;
        }, StopAsync);

    private async Task RunAsync(CancellationToken abort)
    {
        var reader = _pending.Reader;
        var batch = new List<AnalyticsEvent>(_options.PublishBatch);
        var flushes = new List<TaskCompletionSource>();
        try
        {
            while (await reader.WaitToReadAsync(abort))
            {
                await Batches.CollectAsync(reader, batch, flushes, _options.PublishBatch, _options.PublishEvery, abort);
                if (batch.Count > 0)
                {
                    try
                    {
                        await Send(batch);
                    }
                    catch (Exception e) when (!abort.IsCancellationRequested)
                    {
                        Drop(LogEvents(batch), "they could not be sent", e); // the loop lives on: the next events may go through
                    }
                }
                foreach (var f in flushes) f.TrySetResult();
                batch.Clear();
                flushes.Clear();
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var f in flushes) f.TrySetResult();
            var left = 0;
            while (reader.TryRead(out var item))
            {
                if (item.Item is not null) left += ScreenImpressions.CountOf(item.Item);
                item.Flushed?.TrySetResult();
            }
            if (left > 0) Drop(left, "the silo stopped before they were sent", null);
        }
    }

    /// <summary>One stream message per partition, sent together.</summary>
    private async Task Send(List<AnalyticsEvent> batch)
    {
        var streams = _streams ??= CreateStreams();
        var sends = batch
            .GroupBy(e => AnalyticsStreams.PartitionOf(e.MemberId), StringComparer.Ordinal)
            .Select(async partition =>
            {
                var events = partition.ToList();
                try
                {
                    await streams[int.Parse(partition.Key.AsSpan(1))].OnNextBatchAsync(events);
                    Interlocked.Add(ref _published, LogEvents(events));
                }
                catch (Exception e)
                {
                    Drop(LogEvents(events), $"stream partition {partition.Key} refused them", e);
                }
            });
        await Task.WhenAll(sends);
    }

    private IAsyncStream<AnalyticsEvent>[] CreateStreams()
    {
        var provider = _services.GetRequiredKeyedService<IStreamProvider>(AnalyticsStreams.Provider);
        return [.. Enumerable.Range(0, AnalyticsStreams.Partitions)
            .Select(p => provider.GetStream<AnalyticsEvent>(StreamId.Create(AnalyticsStreams.Namespace, $"p{p}")))];
    }

    private static int LogEvents(List<AnalyticsEvent> events)
    {
        var count = 0;
        foreach (var e in events) count += ScreenImpressions.CountOf(e);
        return count;
    }

    private void Drop(int count, string reason, Exception? error)
    {
        var total = Interlocked.Add(ref _dropped, count);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastDropLog);
        if (now - last < LogDropsEvery.TotalMilliseconds && last != 0) return;
        if (Interlocked.CompareExchange(ref _lastDropLog, now, last) != last) return;
        _logger.LogWarning(error, "Dropped {Count} analytics event(s): {Reason} ({Total} dropped so far on this silo)", count, reason, total);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _loop.Dispose();
    }
}
