namespace Orleans.Netflix.Grains.Common;

/// <summary>
/// A hybrid logical clock (Kulkarni et al., 2014) packed in 64 bits: Unix milliseconds in the high 48,
/// a counter in the low 16. Every value it gives is above every value it gave or observed before, and
/// stays close to wall time, so versions from different regions order like the writes they stamp.
/// A value observed more than <see cref="MaxDrift"/> ahead of this machine's wall clock is taken in only
/// up to that bound: a region whose clock runs ahead cannot drag every other region's clock with it.
/// </summary>
public sealed class HybridLogicalClock(TimeProvider time, TimeSpan maxDrift)
{
    /// <summary>How far ahead of the local wall clock an observed value may be (what NTP keeps regions well within).</summary>
    public static readonly TimeSpan DefaultMaxDrift = TimeSpan.FromSeconds(30);

    private const int CounterBits = 16;
    private long _last;

    public HybridLogicalClock(TimeProvider time) : this(time, DefaultMaxDrift)
    {
    }

    public TimeSpan MaxDrift { get; } = maxDrift > TimeSpan.Zero ? maxDrift
        : throw new ArgumentOutOfRangeException(nameof(maxDrift), maxDrift, "the maximum clock drift must be above zero");

    /// <summary>A version for a new write: above everything seen so far.</summary>
    public long Next()
    {
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(Physical(time.GetUtcNow()), last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last) return next;
        }
    }

    /// <summary>
    /// Takes in a version read or received, so the next write here orders after it. Returns false when the
    /// version is more than <see cref="MaxDrift"/> ahead of this clock's wall time: the clock then moves only
    /// to that bound.
    /// </summary>
    public bool Observe(long version)
    {
        var bound = Physical(time.GetUtcNow() + MaxDrift);
        var within = version <= bound;
        var target = within ? version : bound;
        while (true)
        {
            var last = Volatile.Read(ref _last);
            if (target <= last || Interlocked.CompareExchange(ref _last, target, last) == last) return within;
        }
    }

    /// <summary>Whether <paramref name="version"/> is stamped more than <paramref name="maxDrift"/> ahead of <paramref name="now"/>.</summary>
    public static bool IsAhead(long version, DateTimeOffset now, TimeSpan maxDrift) => WallTimeOf(version) > now + maxDrift;

    /// <summary>The wall time a version was stamped at (to the millisecond).</summary>
    public static DateTimeOffset WallTimeOf(long version) => DateTimeOffset.FromUnixTimeMilliseconds(version >> CounterBits);

    private static long Physical(DateTimeOffset at) => at.ToUnixTimeMilliseconds() << CounterBits;
}
