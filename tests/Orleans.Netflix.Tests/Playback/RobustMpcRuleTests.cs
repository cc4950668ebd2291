using Orleans.Netflix.Client.Playback.Abr;

namespace Orleans.Netflix.Tests.Playback;

/// <summary>Robust MPC against plans worked by hand: two renditions, two segments left, so four plans to score.</summary>
public sealed class RobustMpcRuleTests
{
    private static readonly double[] Ladder = [1000, 3000]; // a 4 s segment: 4 or 12 Mbit

    private static AbrContext At(double buffer, double[] samples, int previous) =>
        new(Ladder, buffer, 4, samples.Length / samples.Sum(s => 1 / s), previous) { RecentThroughputKbps = samples, SegmentsLeft = 2 };

    [Fact]
    public void WithLittleBuffer_ThePlanThatDoesNotStallWins()
    {
        // At 2000 kb/s a segment takes 2 s (1000) or 6 s (3000); buffer 4 s, previous 1000. QoE of each plan:
        // (1000,1000): 1 + 1 = 2; (1000,3000): 1 + 3 − |3 − 1| = 2; (3000,1000): 3 − 4.3·2 − 2 + 1 − 2 = −8.6;
        // (3000,3000): 3 − 8.6 − 2 + 3 − 8.6 = −13.2. The best start is 1000.
        Assert.Equal(0, new RobustMpcRule().Choose(At(4, [2000], previous: 0)));
    }

    [Fact]
    public void WithAFullerBuffer_TheTopPlanWins()
    {
        // Buffer 12 s: (3000,3000) stalls nowhere: 3 − 2 + 3 = 4, above (1000,1000)'s 2.
        Assert.Equal(1, new RobustMpcRule().Choose(At(12, [2000], previous: 0)));
    }

    [Fact]
    public void ALinkThatMissedItsPrediction_IsPlannedForPessimistically()
    {
        var rule = new RobustMpcRule();
        Assert.Equal(1, rule.Choose(At(12, [2000], previous: 0))); // predicted 2000 kb/s (no error yet)

        // The download got 1000 kb/s: error |2000 − 1000| / 1000 = 1, so the harmonic mean (1333 kb/s) is halved to 667 kb/s:
        // a segment takes 6 s or 18 s. From 3000 with 12 s of buffer: (1000,1000): 1 − 2 + 1 = 0; (1000,3000): 1 − 2 + 3 − 4.3·8 − 2 =
        // −34.4; (3000,…) stalls 6 s at once. The best start is 1000.
        Assert.Equal(0, rule.Choose(At(12, [2000, 1000], previous: 1)));

        // The same context without that history plans at 1333 kb/s (3 s or 9 s): (3000,1000): 3 + 1 − 2 = 2 beats (1000,…)'s 0.
        Assert.Equal(1, new RobustMpcRule().Choose(At(12, [2000, 1000], previous: 1)));
    }

    [Fact]
    public void BeforeAnyDownload_ItTakesTheLowest()
    {
        Assert.Equal(0, new RobustMpcRule().Choose(new AbrContext(Ladder, 0, 4, null, null)));
    }

    [Fact]
    public void ThePlannersPick_StartsABestPlan_AsScoringEveryPlanFinds()
    {
        // Five renditions, five segments ahead with uneven sizes: the depth-first walk's pick starts a plan as good as the best of all 3,125.
        double[] ladder = [400, 800, 1500, 3000, 5000];
        var title = AbrTitle.FromLadder(ladder, 4, 5, jitter: 0.5, seed: 11);
        var picks = new HashSet<int>();
        foreach (var buffer in new[] { 0.5, 3, 8, 15, 25 })
        {
            foreach (var kbps in new[] { 300.0, 900, 2000, 4000, 9000 })
            {
                var context = new AbrContext(ladder, buffer, 4, kbps, 2) { UpcomingSegmentBytes = [.. Enumerable.Range(0, 5).Select(title.BytesAt)] };
                var bestByStart = BestPlanByStart(context, kbps);
                var pick = MpcPlan.Best(context, kbps, horizon: 5);
                Assert.True(bestByStart[pick] >= bestByStart.Max() - 1e-9, $"buffer {buffer}, {kbps} kb/s: picked {pick}, plans by start {string.Join(", ", bestByStart)}");
                picks.Add(pick);
            }
        }
        Assert.True(picks.Count >= 4, $"the cases picked only {string.Join(",", picks)}");
    }

    /// <summary>Every plan scored on its own: the best QoE of the plans starting with each rendition.</summary>
    private static double[] BestPlanByStart(AbrContext context, double kbps)
    {
        var renditions = context.BitratesKbps.Count;
        var best = Enumerable.Repeat(double.NegativeInfinity, renditions).ToArray();
        for (var plan = 0; plan < (int)Math.Pow(renditions, 5); plan++)
        {
            var (buffer, previous, score, code) = (context.BufferSeconds, context.PreviousRendition!.Value, 0.0, plan);
            var choices = new int[5];
            for (var s = 4; s >= 0; s--, code /= renditions) choices[s] = code % renditions;
            for (var s = 0; s < 5; s++)
            {
                var download = context.SegmentBits(s, choices[s]) / (kbps * 1000);
                score += AbrQoe.Of(context.BitratesKbps[choices[s]], Math.Max(download - buffer, 0), context.BitratesKbps[previous]);
                buffer = Math.Max(buffer - download, 0) + 4;
                previous = choices[s];
            }
            best[choices[0]] = Math.Max(best[choices[0]], score);
        }
        return best;
    }
}
