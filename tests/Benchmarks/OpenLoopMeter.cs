using System.Diagnostics;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// What one fixed-rate run measured: latency from each request's scheduled start, whether the rate was kept up, and how long the
/// machine was used meanwhile (this process, other processes, GC pauses here; warm-up and drain included).
/// </summary>
public sealed record OpenLoopStep(double OfferedPerSecond, long Requests, long Errors, long Dropped, double AchievedPerSecond,
    double P50Microseconds, double P99Microseconds, string? FirstError, MachineUse Machine)
{
    /// <summary>Every request answered well, none dropped for too many in flight, p99 within the limit, and the rate kept up.</summary>
    public bool Meets(double p99LimitMicroseconds, double minAchievedShare) =>
        Errors == 0 && Dropped == 0 && Requests > 0 && P99Microseconds <= p99LimitMicroseconds && AchievedPerSecond >= minAchievedShare * OfferedPerSecond;
}

/// <summary>
/// Open loop: requests leave at a fixed rate whether or not earlier ones have been answered, as from many independent
/// devices, and each one's latency runs from when it was due to leave, not from when it left, so a stalled sender
/// or a queue in front of the server shows in the figure (no coordinated omission). A dedicated thread keeps the
/// schedule (in batches of about a millisecond) and hands each request to the thread pool. Requests due during the
/// warm-up are sent but not counted. A request that would exceed <c>maxInFlight</c> is not sent and counts as dropped.
/// The achieved rate is the counted answers over the time from the first counted request's due time to the last
/// counted answer, so a server that falls behind and drains its backlog late shows a rate below the offered one.
/// </summary>
public sealed class OpenLoopMeter(TimeSpan warmUp, TimeSpan duration, int maxInFlight)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    public async Task<OpenLoopStep> MeasureAsync(double ratePerSecond, Func<int, Task> call, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratePerSecond, 0);
        var run = new Run(call, maxInFlight);
        var machineBefore = MachineShare.Now();
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100; // 10 ms ahead: the thread is started by then
        var measuredFrom = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var end = measuredFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var ticksPerRequest = Stopwatch.Frequency / ratePerSecond;
        await Task.Factory.StartNew(() => run.Schedule(start, measuredFrom, end, ticksPerRequest, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var drainDeadline = Stopwatch.GetTimestamp() + (long)(DrainLimit.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref run.InFlight) > 0)
        {
            if (Stopwatch.GetTimestamp() > drainDeadline) throw new TimeoutException($"requests still unanswered {DrainLimit.TotalSeconds:0} s after the last was sent");
            await Task.Delay(5, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return run.Result(ratePerSecond, measuredFrom) with { Machine = MachineShare.Now() - machineBefore };
    }

    private sealed class Run(Func<int, Task> call, int maxInFlight)
    {
        private readonly object _gate = new();
        private readonly LatencyHistogram _latency = new();
        private long _errors;
        private long _dropped;
        private long _lastAnswer;
        private string? _firstError;
        public long InFlight;

        public void Schedule(long start, long measuredFrom, long end, double ticksPerRequest, CancellationToken cancellationToken)
        {
            for (long k = 0; !cancellationToken.IsCancellationRequested; k++)
            {
                var due = start + (long)(k * ticksPerRequest);
                if (due >= end) return;
                while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
                var measured = due >= measuredFrom;
                if (Interlocked.Read(ref InFlight) >= maxInFlight)
                {
                    if (measured) Interlocked.Increment(ref _dropped);
                    continue;
                }
                Interlocked.Increment(ref InFlight);
                var index = (int)(k % int.MaxValue);
                ThreadPool.UnsafeQueueUserWorkItem(_ => _ = IssueAsync(index, due, measured), null);
            }
        }

        private async Task IssueAsync(int index, long due, bool measured)
        {
            try
            {
                await call(index);
                var answered = Stopwatch.GetTimestamp();
                if (measured)
                {
                    lock (_gate)
                    {
                        _latency.Record(answered - due);
                        if (answered > _lastAnswer) _lastAnswer = answered;
                    }
                }
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _errors);
                Interlocked.CompareExchange(ref _firstError, $"{e.GetType().Name}: {e.Message}", null);
            }
            finally
            {
                Interlocked.Decrement(ref InFlight);
            }
        }

        public OpenLoopStep Result(double offered, long measuredFrom)
        {
            lock (_gate)
            {
                var span = (_lastAnswer - measuredFrom) / (double)Stopwatch.Frequency;
                return new OpenLoopStep(offered, _latency.Count, Interlocked.Read(ref _errors), Interlocked.Read(ref _dropped),
                    span > 0 ? _latency.Count / span : 0, _latency.PercentileMicroseconds(0.50), _latency.PercentileMicroseconds(0.99), _firstError,
                    default);
            }
        }
    }
}

/// <summary>
/// The highest fixed rate that still meets a p99 bound, found by bisection, with every step tried (retries of disturbed steps
/// included, in the order they ran).
/// </summary>
public sealed record LatencyBoundRate(double P99LimitMicroseconds, double MinAchievedShare, double Rate, IReadOnlyList<OpenLoopStep> Steps, double DisturbedAboveCores);

public static class LatencyBoundSearch
{
    /// <summary>
    /// Bisects between nothing and <paramref name="ceiling"/> (a closed-loop rate, about the most the server can answer, taken to
    /// miss): <paramref name="bisections"/> steps, rates rounded to tens. Only when every step met the bound is the ceiling tried,
    /// and doubled while it meets. The answer is the highest rate tried that met the bound, 0 when none did.
    /// A step that misses only on its tail (the median within the bound, the rate kept up) while other processes used more than
    /// <paramref name="disturbedAboveCores"/> of the machine's cores is tried again, up to <paramref name="retries"/> times, and
    /// meets if any try does: on a shared machine another tenant's burst decides a p99 over a few seconds more than the load does.
    /// </summary>
    public static async Task<LatencyBoundRate> FindAsync(OpenLoopMeter meter, Func<int, Task> call, double ceiling, double p99LimitMicroseconds,
        double minAchievedShare, int bisections, double disturbedAboveCores, int retries, TimeSpan pause, Action<OpenLoopStep, bool> progress,
        CancellationToken cancellationToken)
    {
        var steps = new List<OpenLoopStep>();
        async Task<bool> TryAsync(double rate)
        {
            for (var attempt = 0; ; attempt++)
            {
                var step = await meter.MeasureAsync(rate, call, cancellationToken);
                var met = step.Meets(p99LimitMicroseconds, minAchievedShare);
                steps.Add(step);
                progress(step, met);
                // After a miss: the backlog is gone and the collector has caught up before the next step.
                await Task.Delay(met ? pause / 5 : pause, cancellationToken);
                var tailOnly = step.Errors == 0 && step.Dropped == 0 && step.P50Microseconds <= p99LimitMicroseconds
                               && step.AchievedPerSecond >= minAchievedShare * step.OfferedPerSecond;
                if (met || attempt >= retries || !tailOnly || step.Machine.OtherCores <= disturbedAboveCores) return met;
            }
        }
        static double Round(double rate) => Math.Max(10, Math.Round(rate / 10) * 10);

        double passed = 0, failed = Round(ceiling);
        var missed = false;
        for (var i = 0; i < bisections; i++)
        {
            var mid = Round((passed + failed) / 2);
            if (mid <= passed || mid >= failed) break;
            if (await TryAsync(mid)) passed = mid;
            else (failed, missed) = (mid, true);
        }
        for (var more = 0; !missed && more < 4; more++)
        {
            if (await TryAsync(failed)) (passed, failed) = (failed, Round(failed * 2));
            else missed = true;
        }
        return new LatencyBoundRate(p99LimitMicroseconds, minAchievedShare, passed, steps, disturbedAboveCores);
    }
}
