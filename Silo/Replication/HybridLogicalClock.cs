namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// A hybrid logical clock (Kulkarni et al., 2014) packed in 64 bits: Unix milliseconds in the high 48,
/// a counter in the low 16. Every value it gives is above every value it gave or observed before, and
/// stays close to wall time, so versions from different regions order like the writes they stamp.
/// </summary>
public sealed class HybridLogicalClock(TimeProvider time)
{
    private const int CounterBits = 16;
    private long _last;

    /// <summary>A version for a new write: above everything seen so far.</summary>
    public long Next()
    {
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds() << CounterBits, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last) return next;
        }
    }

    /// <summary>Takes in a version read or received, so the next write here orders after it.</summary>
    public void Observe(long version)
    {
        while (true)
        {
            var last = Volatile.Read(ref _last);
            if (version <= last || Interlocked.CompareExchange(ref _last, version, last) == last) return;
        }
    }

    /// <summary>The wall time a version was stamped at (to the millisecond).</summary>
    public static DateTimeOffset WallTimeOf(long version) => DateTimeOffset.FromUnixTimeMilliseconds(version >> CounterBits);
}
