using Orleans.Netflix.Hosting.Periodic;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Hosting;

/// <summary>The one periodic loop of the silo (traffic reports, outbox shipping, artwork impressions), the edge (heartbeats, fill, nginx upkeep) and the client (region probes).</summary>
public sealed class PeriodicLoopTests
{
    [Fact]
    public async Task ATickThatThrows_IsReported_AndTheLoopGoesOnTicking_UntilStopped()
    {
        using var stop = new CancellationTokenSource();
        var ticks = 0;
        var failures = new List<Exception>();
        var loop = PeriodicLoop.RunAsync(TimeSpan.FromMilliseconds(10), _ =>
        {
            if (Interlocked.Increment(ref ticks) <= 2) throw new InvalidOperationException("the grain did not answer");
            return Task.CompletedTask;
        }, e => { lock (failures) failures.Add(e); }, stop.Token);

        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref ticks) >= 5), seconds: 30);
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30)); // ends, without throwing, once stopped

        lock (failures) Assert.Equal(["the grain did not answer", "the grain did not answer"], failures.Select(e => e.Message));
    }

    [Fact]
    public async Task ALoopAskedToTickAtOnce_TicksBeforeItsFirstPeriod_AndOneNotAsked_DoesNot()
    {
        using var stop = new CancellationTokenSource();
        var ticks = 0;
        // An hour's period: a tick seen within the test came at once, not from the timer.
        var loop = PeriodicLoop.RunAsync(TimeSpan.FromHours(1), _ =>
        {
            Interlocked.Increment(ref ticks);
            return Task.CompletedTask;
        }, _ => { }, stop.Token, tickAtOnce: true);

        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref ticks) == 1), seconds: 30);
        var late = PeriodicLoop.RunAsync(TimeSpan.FromHours(1), _ =>
        {
            Interlocked.Increment(ref ticks);
            return Task.CompletedTask;
        }, _ => { }, stop.Token);
        await Task.Delay(200);
        Assert.Equal(1, Volatile.Read(ref ticks)); // without it, nothing before the first period
        await stop.CancelAsync();
        await Task.WhenAll(loop, late).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
