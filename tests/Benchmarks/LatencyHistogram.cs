using System.Diagnostics;
using System.Numerics;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// Call latencies in log-linear buckets (64 per power of two, so a percentile is within about 1.6 %
/// of the true value) with a fixed footprint: recording never allocates, whatever the call rate.
/// Not thread-safe: one per loop, merged at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;                  // values below 2^7 ns are exact
    private const int HalfSubBuckets = 1 << (SubBucketBits - 1);
    private const int MaxBit = 42;                        // 2^42 ns is over an hour: plenty
    private const int BucketCount = (MaxBit - SubBucketBits + 2) * HalfSubBuckets + HalfSubBuckets * 2;

    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    /// <summary>Records one call that took <paramref name="stopwatchTicks"/> (a <see cref="Stopwatch.GetTimestamp"/> difference).</summary>
    public void Record(long stopwatchTicks)
    {
        var ns = (long)(stopwatchTicks * NanosecondsPerTick);
        _counts[IndexOf(Math.Clamp(ns, 0, (1L << (MaxBit + 1)) - 1))]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++) _counts[i] += other._counts[i];
        Count += other.Count;
    }

    /// <summary>The latency, in microseconds, that <paramref name="fraction"/> of the calls did not exceed; NaN when empty.</summary>
    public double PercentileMicroseconds(double fraction)
    {
        if (Count == 0) return double.NaN;
        var rank = Math.Max(1, (long)Math.Ceiling(fraction * Count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return MidpointNanoseconds(i) / 1000.0;
        }
        return MidpointNanoseconds(BucketCount - 1) / 1000.0;
    }

    // Values below 2^SubBucketBits map to themselves; above, the top SubBucketBits bits of the value
    // (its octave and the position inside it) pick the bucket.
    private static int IndexOf(long ns)
    {
        if (ns < HalfSubBuckets * 2) return (int)ns;
        var octave = 63 - BitOperations.LeadingZeroCount((ulong)ns) - SubBucketBits + 1;
        var mantissa = (int)(ns >> octave);                // in [HalfSubBuckets, 2 * HalfSubBuckets)
        return octave * HalfSubBuckets + mantissa;
    }

    private static double MidpointNanoseconds(int index)
    {
        if (index < HalfSubBuckets * 2) return index;
        var octave = index / HalfSubBuckets - 1;
        var mantissa = index - octave * HalfSubBuckets;
        return ((long)mantissa << octave) + (1L << octave) / 2.0;
    }
}
