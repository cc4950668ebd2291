namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// MPC's look-ahead (Yin et al., "A Control-Theoretic Approach for Dynamic Adaptive Video Streaming over
/// HTTP", SIGCOMM 2015): every plan of renditions for the next segments is played forward at a predicted
/// throughput (each download drains the buffer, a dry buffer stalls, each segment adds its play time) and
/// scored by the session's QoE (<see cref="AbrQoe"/>); the best plan's first rendition is taken. Plans are
/// walked depth first, so plans with the same start share its arithmetic: about R + R² + … + R^H steps for R
/// renditions over H segments (111,110 for ten renditions over five), with the same result as scoring every
/// plan apart (ties go to the plan listed last, as Pensieve's enumeration does). A plan may also be asked to
/// end with a reserve of buffer: what it leaves short of the reserve is charged as if it were stalled, so a
/// five-segment plan cannot spend the buffer the segments after it will need.
/// </summary>
public static class MpcPlan
{
    /// <summary>The best plan's first rendition.</summary>
    /// <param name="context">The ladder, buffer, previous rendition and the sizes of the segments ahead.</param>
    /// <param name="kbps">The throughput every download of the plan is assumed to get.</param>
    /// <param name="horizon">How many segments a plan covers (fewer near the end of the title).</param>
    /// <param name="allowed">Which renditions the first segment may take (null: all).</param>
    /// <param name="reserveSeconds">The buffer a plan should leave at its end (0: none, as in Yin et al.).</param>
    public static int Best(AbrContext context, double kbps, int horizon, Func<int, bool>? allowed = null, double reserveSeconds = 0)
    {
        var steps = context.Lookahead(horizon);
        var renditions = context.BitratesKbps.Count;
        var seconds = new double[steps, renditions];
        for (var s = 0; s < steps; s++)
        {
            for (var r = 0; r < renditions; r++) seconds[s, r] = context.SegmentBits(s, r) / (kbps * 1000);
        }
        var previous = context.PreviousRendition ?? context.Lowest;

        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var r = 0; r < renditions; r++)
        {
            if (allowed is not null && !allowed(r)) continue;
            var score = Step(context, seconds, steps, 0, r, previous, context.BufferSeconds, reserveSeconds);
            if (score >= bestScore) (best, bestScore) = (r, score);
        }
        return best < 0 ? context.Lowest : best;
    }

    /// <summary>The QoE of taking <paramref name="rendition"/> at step <paramref name="step"/> and the best plan after it.</summary>
    private static double Step(AbrContext context, double[,] seconds, int steps, int step, int rendition, int previous, double buffer, double reserve)
    {
        var download = seconds[step, rendition];
        var stall = Math.Max(download - buffer, 0);
        var next = Math.Max(buffer - download, 0) + context.SegmentSeconds;
        var score = AbrQoe.Of(context.BitratesKbps[rendition], stall, context.BitratesKbps[previous]);
        if (step + 1 == steps) return score - AbrQoe.RebufferPenalty * Math.Max(reserve - next, 0);
        var rest = double.NegativeInfinity;
        for (var r = 0; r < context.BitratesKbps.Count; r++)
        {
            rest = Math.Max(rest, Step(context, seconds, steps, step + 1, r, rendition, next, reserve));
        }
        return score + rest;
    }
}
