namespace Orleans.Netflix.Hosting.Periodic;

/// <summary>
/// A loop that runs a tick every period until it is stopped, on a <see cref="PeriodicTimer"/> (ticks keep to the period
/// however long one takes; a tick that overruns makes the next follow at once, never two at a time). A tick that throws
/// is handed to <c>failed</c> and the loop goes on: the next tick may succeed. Stopping ends the wait for the next tick
/// and lets a running one see its token cancelled. Every background loop of the silo, the edge and the client is one.
/// </summary>
public static class PeriodicLoop
{
    /// <summary>Ticks every <paramref name="every"/> until <paramref name="stop"/> is cancelled; the first tick after one period unless <paramref name="tickAtOnce"/>.</summary>
    public static Task RunAsync(TimeSpan every, Func<CancellationToken, Task> tick, Action<Exception> failed, CancellationToken stop,
        bool tickAtOnce = false, TimeProvider? time = null) =>
        RunAsync(() => every, tick, failed, stop, tickAtOnce, time);

    /// <summary>Ticks until <paramref name="stop"/> is cancelled, each wait as long as <paramref name="every"/> says at that moment (a period read from options that may change).</summary>
    public static async Task RunAsync(Func<TimeSpan> every, Func<CancellationToken, Task> tick, Action<Exception> failed, CancellationToken stop,
        bool tickAtOnce = false, TimeProvider? time = null)
    {
        using var timer = new PeriodicTimer(AtLeastAMillisecond(every()), time ?? TimeProvider.System);
        try
        {
            if (tickAtOnce) await TickAsync(tick, failed, stop);
            while (await timer.WaitForNextTickAsync(stop))
            {
                await TickAsync(tick, failed, stop);
                if (AtLeastAMillisecond(every()) is var period && period != timer.Period) timer.Period = period;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopped
        }
    }

    private static async Task TickAsync(Func<CancellationToken, Task> tick, Action<Exception> failed, CancellationToken stop)
    {
        try
        {
            await tick(stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            failed(e);
        }
    }

    // PeriodicTimer refuses a period under a millisecond; a zero period means "as often as it can".
    private static TimeSpan AtLeastAMillisecond(TimeSpan period) => period < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : period;
}
