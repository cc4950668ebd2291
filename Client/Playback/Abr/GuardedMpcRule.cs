namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// Our rule: robust MPC (<see cref="RobustMpcRule"/>: the same prediction, the same five-segment plans over
/// the index's real segment sizes, the same QoE) with two changes aimed at where MPC stalls.
/// <list type="bullet">
/// <item>A reserve: a plan that ends with less than <paramref name="reserveSeconds"/> of buffer is charged
/// for the shortfall as if it were stalled (unless it reaches the title's end). MPC looks five segments
/// ahead and nothing past them, so it happily spends the buffer that the segments after its horizon will
/// need when the link dips.</item>
/// <item>A guard: the next segment may be above the lowest only if it would download, at the slower of the
/// robust prediction and the slowest of the last five downloads, with <paramref name="guardSeconds"/> of
/// buffer to spare. A plan averaged over five segments can still start with one that stalls if the link
/// does now what it did a moment ago.</item>
/// </list>
/// Both are a few comparisons on top of MPC's plan walk, so it costs what MPC costs per segment (at most
/// 111,110 plan steps for ten renditions, a millisecond or so; fewer when the guard rules out a start).
/// </summary>
public sealed class GuardedMpcRule(int horizon = 5, double reserveSeconds = 10, double guardSeconds = 2) : IAbrRule
{
    private readonly RobustPrediction _prediction = new();

    public string Name => "ours";

    /// <summary>The throughput the guard assumed at the last choice (null before any download).</summary>
    public double? GuardKbps { get; private set; }

    public int Choose(AbrContext context)
    {
        if (_prediction.Next(context) is not { } kbps) return context.Lowest;
        var slowest = context.RecentThroughputKbps.Count > 0 ? context.RecentThroughputKbps.Min() : kbps;
        var guard = Math.Min(kbps, slowest);
        GuardKbps = guard;
        // A plan that reaches the title's end keeps no reserve: no segment after it needs one.
        var reserve = context.SegmentsLeft is { } left && left <= horizon ? 0 : reserveSeconds;
        return MpcPlan.Best(context, kbps, horizon, r => r == context.Lowest || !WouldStall(context, r, guard), reserve);
    }

    /// <summary>Whether the next segment at <paramref name="rendition"/> would leave less than the guard's spare buffer at <paramref name="kbps"/>.</summary>
    public bool WouldStall(AbrContext context, int rendition, double kbps) =>
        context.NextSegmentBits(rendition) / (kbps * 1000) > context.BufferSeconds - guardSeconds;
}
