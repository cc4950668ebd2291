using Orleans.Netflix.Client.Playback.Abr;

namespace Orleans.Netflix.Tests.Playback;

/// <summary>The baseline ABR rules behave as their papers describe, on the pipeline's ladder.</summary>
public sealed class AbrRuleTests
{
    private static readonly double[] Ladder = [400, 800, 1500, 3000, 5000];

    private static AbrContext At(double buffer, double? kbps = null, int? previous = null) => new(Ladder, buffer, 4, kbps, previous);

    [Fact]
    public void Throughput_TakesTheHighestRenditionUnderNinetyPercentOfTheEstimate()
    {
        var rule = new ThroughputRule();
        Assert.Equal(0, rule.Choose(At(0))); // nothing measured yet
        Assert.Equal(2, rule.Choose(At(0, kbps: 3000))); // 2700 allows 1500, not 3000
        Assert.Equal(4, rule.Choose(At(0, kbps: 6000)));
        Assert.Equal(0, rule.Choose(At(30, kbps: 100))); // a full buffer does not matter to it
    }

    [Fact]
    public void Bba_FollowsTheBuffer_LowestInTheReservoir_HighestPastTheCushion_AndHoldsInBetween()
    {
        var rule = new BbaRule(reservoirSeconds: 5, cushionSeconds: 10);
        Assert.Equal(0, rule.Choose(At(4, kbps: 100_000, previous: 4))); // throughput is ignored
        Assert.Equal(4, rule.Choose(At(15, kbps: 10, previous: 0)));
        // At 10 s the line is at 2700 kb/s: from 1500 it steps up to the highest rate under 2700 (1500 itself)...
        Assert.Equal(2, rule.Choose(At(10, previous: 2)));
        // ...from 400 it climbs to 1500 at once, and from 5000 it comes down only to 3000.
        Assert.Equal(2, rule.Choose(At(10, previous: 0)));
        Assert.Equal(3, rule.Choose(At(10, previous: 4)));
    }

    [Fact]
    public void Bola_ChoosesTheLowestAtTheMinimumBuffer_TheHighestAtTheTarget_AndRisesWithTheBuffer()
    {
        var rule = new BolaRule(minimumBufferSeconds: 10, targetBufferSeconds: 18);
        Assert.Equal(0, rule.Choose(At(5)));
        Assert.Equal(0, rule.Choose(At(10)));
        Assert.Equal(4, rule.Choose(At(18)));
        var choices = Enumerable.Range(0, 40).Select(b => rule.Choose(At(b * 0.5))).ToArray();
        Assert.Equal(choices.Order(), choices); // never lower for a fuller buffer
        Assert.True(choices.Distinct().Count() >= 4, $"only {string.Join(',', choices.Distinct())} used between 0 and 20 s");
    }

    [Fact]
    public void Estimator_IsTheHarmonicMeanOfTheLastFiveDownloads()
    {
        var estimator = new ThroughputEstimator();
        Assert.Null(estimator.Kbps);
        estimator.Add(125_000, TimeSpan.FromSeconds(1)); // 1000 kb/s
        estimator.Add(125_000, TimeSpan.FromSeconds(0.25)); // 4000 kb/s
        Assert.Equal(1600, estimator.Kbps!.Value, precision: 6); // 2 / (1/1000 + 1/4000)
        for (var i = 0; i < 5; i++) estimator.Add(250_000, TimeSpan.FromSeconds(1)); // 2000 kb/s pushes both out
        Assert.Equal(2000, estimator.Kbps!.Value, precision: 6);
    }
}

/// <summary>Our rule keeps BBA's buffer-following choice except where that choice would stall, and starts fast.</summary>
public sealed class HybridRuleTests
{
    private static readonly double[] Ladder = [400, 800, 1500, 3000];

    private static AbrContext At(double buffer, double? kbps, int? previous = null, long[]? sizes = null) =>
        new(Ladder, buffer, 4, kbps, previous) { NextSegmentBytes = sizes };

    [Fact]
    public void WithNothingMeasured_ItStartsAtTheLowest()
    {
        Assert.Equal(0, new HybridRule().Choose(At(0, kbps: null)));
    }

    [Fact]
    public void AFullBufferOnACollapsedLink_DoesNotTakeTheTop_WhereBbaWould()
    {
        // 30 s of buffer: BBA takes 3000 kb/s. At 300 kb/s that segment takes 40 s, more than the 26 s above the
        // 4 s guard; 1500 kb/s takes 20 s.
        var context = At(30, kbps: 300, previous: 3);
        Assert.Equal(3, new BbaRule().Choose(context));
        Assert.Equal(2, new HybridRule().Choose(context));
    }

    [Fact]
    public void TheGuardUsesTheRealSegmentSizes_NotTheNominalBitrates()
    {
        long[] nominal = [200_000, 400_000, 750_000, 1_500_000]; // what the bitrates say for 4 s
        long[] complexScene = [200_000, 400_000, 750_000, 15_000_000]; // a segment the encoder spent its cap on

        Assert.Equal(3, new HybridRule().Choose(At(30, kbps: 2000, previous: 3, sizes: nominal))); // 6 s to download
        Assert.Equal(2, new HybridRule().Choose(At(30, kbps: 2000, previous: 3, sizes: complexScene))); // 60 s would stall
    }

    [Fact]
    public void OnAFastLink_TheStartClimbsBeforeTheBufferIsBuilt()
    {
        var fast = new HybridRule();
        var slow = new HybridRule();
        Assert.Equal(3, fast.Choose(At(6, kbps: 20_000, previous: 0))); // 3000 kb/s downloads in 0.6 s
        Assert.Equal(0, slow.Choose(At(6, kbps: 500, previous: 0))); // 800 kb/s would take 6.4 s
    }
}
