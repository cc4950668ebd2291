namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// What a load saw around an outage (<see cref="PlayAndWriteLoad"/>'s calls; times from the load's start): the
/// outage ran from <paramref name="StoppedAt"/> (the stop was asked for) to <paramref name="StartedAt"/> (the server
/// answered again). The rate before is the successful calls per second over <paramref name="Baseline"/> before the stop.
/// </summary>
public sealed record OutageTimeline(IReadOnlyList<LoadCall> Calls, TimeSpan StoppedAt, TimeSpan StartedAt, TimeSpan Baseline)
{
    /// <summary>How much of the rate before counts as running as before again.</summary>
    public const double RecoveredShare = 0.9;

    /// <summary>The window the rate after the restart is judged over.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Failed calls whose error is not one a caller can act on: anything but the one-line StorageUnavailableException, or
    /// the InconsistentStateException a write gets when the write before it committed although its answer was cut off by
    /// the stop (the grain then reloads the newer state; a retry succeeds).
    /// </summary>
    public IReadOnlyList<LoadCall> UnclearFailures => [.. Failures.Where(f =>
        !f.Error!.StartsWith("StorageUnavailableException:", StringComparison.Ordinal) &&
        !f.Error.StartsWith("InconsistentStateException:", StringComparison.Ordinal))];

    public IReadOnlyList<LoadCall> Failures => [.. Calls.Where(c => c.Failed).OrderBy(c => c.Ended)];

    /// <summary>The first failed call's end to the last one's; null when none failed.</summary>
    public (TimeSpan First, TimeSpan Last)? ErrorWindow => Failures is [var first, .., var last] ? (first.Ended, last.Ended)
        : Failures is [var only] ? (only.Ended, only.Ended) : null;

    /// <summary>Calls that failed before the stop was asked for or after <paramref name="after"/> past the restart.</summary>
    public IReadOnlyList<LoadCall> FailuresOutside(TimeSpan after) =>
        [.. Failures.Where(c => c.Ended < StoppedAt || c.Ended > StartedAt + after)];

    /// <summary>The longest a failed call took to fail.</summary>
    public TimeSpan SlowestFailure => Failures.Count == 0 ? TimeSpan.Zero : Failures.Max(c => c.Took);

    public double RateBefore => Succeeded(StoppedAt - Baseline, StoppedAt) / Baseline.TotalSeconds;

    /// <summary>The share of calls that succeeded between two times (by their end).</summary>
    public double SuccessRate(TimeSpan from, TimeSpan to)
    {
        var calls = Calls.Where(c => c.Ended >= from && c.Ended < to).ToArray();
        return calls.Length == 0 ? double.NaN : calls.Count(c => !c.Failed) / (double)calls.Length;
    }

    public int Succeeded(TimeSpan from, TimeSpan to, string? kind = null) =>
        Calls.Count(c => !c.Failed && c.Ended >= from && c.Ended < to && (kind is null || c.Kind == kind));

    /// <summary>
    /// From the restart until the load ran as before: the start of the first <see cref="RateWindow"/> after the restart
    /// with no failed call ending in it or later, whose rate of successful calls reached <see cref="RecoveredShare"/> of
    /// <see cref="RateBefore"/>. Null when that never happened before the load ended.
    /// </summary>
    public TimeSpan? RecoveredAfter
    {
        get
        {
            var end = Calls.Count == 0 ? StartedAt : Calls.Max(c => c.Ended);
            var lastFailure = Failures.Count == 0 ? TimeSpan.Zero : Failures[^1].Ended;
            var step = TimeSpan.FromMilliseconds(100);
            for (var from = StartedAt; from + RateWindow <= end; from += step)
            {
                if (from <= lastFailure) continue;
                if (Succeeded(from, from + RateWindow) / RateWindow.TotalSeconds >= RecoveredShare * RateBefore) return from - StartedAt;
            }
            return null;
        }
    }
}
