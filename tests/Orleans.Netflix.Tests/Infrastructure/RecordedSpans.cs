using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// Every span (activity) of the named sources that ends while this is alive, as a tracing exporter would receive them.
/// Listeners are process-wide, so other tests' spans land here too: look a test's up by its trace id.
/// </summary>
public sealed class RecordedSpans : IDisposable
{
    private readonly ConcurrentQueue<Activity> _ended = new();
    private readonly ActivityListener _listener;

    public RecordedSpans(IEnumerable<string> sources)
    {
        var names = sources.ToHashSet(StringComparer.Ordinal);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => names.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ended.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Of(ActivityTraceId trace) => [.. _ended.Where(a => a.TraceId == trace)];

    public void Dispose() => _listener.Dispose();
}
