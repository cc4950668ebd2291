using System.Diagnostics;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// Runs a fixed number of calls on <c>concurrency</c> loops, each awaiting one call after another and taking
/// the next call number (0, 1, 2, …) as it goes, so two scenarios can be compared on the same calls.
/// Runs of one scenario add up (<see cref="RunAsync"/>): latencies merged, calls and time summed. Any failed call fails the run.
/// </summary>
public sealed class CallCountMeter(int concurrency)
{
    private readonly LatencyHistogram _histogram = new();
    private long _calls;
    private TimeSpan _elapsed;

    public int Concurrency => concurrency;

    /// <summary>Makes <paramref name="calls"/> calls and adds them to what this meter measured so far.</summary>
    public async Task RunAsync(int calls, Func<int, Task> call, CancellationToken cancellationToken)
    {
        var histograms = Enumerable.Range(0, concurrency).Select(_ => new LatencyHistogram()).ToArray();
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(histograms.Select(histogram => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var before = Stopwatch.GetTimestamp();
                await call(i);
                histogram.Record(Stopwatch.GetTimestamp() - before);
            }
        }, cancellationToken)));
        _elapsed += Stopwatch.GetElapsedTime(start);
        foreach (var histogram in histograms) _histogram.Add(histogram);
        _calls += calls;
    }

    public Measurement Result(string scenario) =>
        new(scenario, _calls, _elapsed, _histogram.PercentileMicroseconds(0.50), _histogram.PercentileMicroseconds(0.99));
}
