using System.Diagnostics;

namespace Orleans.Netflix.Benchmarks;

/// <summary>What one timed run of a scenario measured.</summary>
public sealed record Measurement(string Scenario, long Calls, TimeSpan Elapsed, double P50Microseconds, double P99Microseconds)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;
}

/// <summary>
/// Runs <c>concurrency</c> loops, each awaiting one call after another, for a fixed time and counts
/// the calls that completed. Loop <c>j</c> passes <c>j, j + concurrency, j + 2·concurrency, …</c> to
/// the call, so the loops spread over all keys. A warm-up run (activations, connections, JIT) comes
/// first and is not counted. Any failed call fails the run.
/// </summary>
public sealed class CallRateMeter(int concurrency, TimeSpan warmUp, TimeSpan duration)
{
    public async Task<Measurement> MeasureAsync(string scenario, Func<int, Task> call, CancellationToken cancellationToken)
    {
        if (warmUp > TimeSpan.Zero) await RunAsync(call, warmUp, cancellationToken);
        var (histograms, elapsed) = await RunAsync(call, duration, cancellationToken);

        var all = new LatencyHistogram();
        foreach (var histogram in histograms) all.Add(histogram);
        return new Measurement(scenario, all.Count, elapsed, all.PercentileMicroseconds(0.50), all.PercentileMicroseconds(0.99));
    }

    private async Task<(LatencyHistogram[] Histograms, TimeSpan Elapsed)> RunAsync(Func<int, Task> call, TimeSpan length, CancellationToken cancellationToken)
    {
        var histograms = Enumerable.Range(0, concurrency).Select(_ => new LatencyHistogram()).ToArray();
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var loops = new Task[concurrency];
        for (var j = 0; j < concurrency; j++)
        {
            var first = j;
            var histogram = histograms[j];
            loops[j] = Task.Run(() => LoopAsync(call, first, histogram, deadline, cancellationToken), cancellationToken);
        }
        // Calls still in flight at the deadline finish and are counted, so the clock runs until the last one ends.
        await Task.WhenAll(loops);
        return (histograms, Stopwatch.GetElapsedTime(start));
    }

    private async Task LoopAsync(Func<int, Task> call, int first, LatencyHistogram histogram, long deadline, CancellationToken cancellationToken)
    {
        for (var i = first; ; i += concurrency)
        {
            var before = Stopwatch.GetTimestamp();
            if (before >= deadline || cancellationToken.IsCancellationRequested) break;
            await call(i);
            histogram.Record(Stopwatch.GetTimestamp() - before);
            if (i > int.MaxValue - concurrency) i = first - concurrency;   // wrap rather than overflow
        }
        cancellationToken.ThrowIfCancellationRequested();
    }
}
