using Orleans.Netflix.Grains.Common.Periodic;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Grains;

/// <summary>The silo's one periodic loop (traffic reports, outbox shipping, artwork impressions).</summary>
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
}
