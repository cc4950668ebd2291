using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Silo.Replication;

namespace Orleans.Netflix.Tests.Grains;

public sealed class HybridLogicalClockTests
{
    [Fact]
    public void Versions_RiseEvenWhenTheWallClockStandsStillOrGoesBack()
    {
        var time = new SettableTime(DateTimeOffset.Parse("2026-11-27T10:00:00Z"));
        var clock = new HybridLogicalClock(time);
        var first = clock.Next();
        var second = clock.Next();
        time.Now = time.Now.AddSeconds(-5); // a wall clock stepped back (NTP)
        var third = clock.Next();
        Assert.True(first < second && second < third);
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T10:00:00Z"), HybridLogicalClock.WallTimeOf(third));
    }

    [Fact]
    public void AfterObservingAnotherRegionsVersion_TheNextWriteOrdersAfterIt()
    {
        var time = new SettableTime(DateTimeOffset.Parse("2026-11-27T10:00:00Z"));
        var clock = new HybridLogicalClock(time);
        var ahead = new HybridLogicalClock(new SettableTime(DateTimeOffset.Parse("2026-11-27T10:00:03Z"))).Next();
        clock.Observe(ahead);
        Assert.True(clock.Next() > ahead);
        clock.Observe(1); // an old version changes nothing
        Assert.True(clock.Next() > ahead);
    }

    [Fact]
    public void AVersionFromAClockRunningAheadOfTheBound_MovesThisClockOnlyToTheBound()
    {
        var time = new SettableTime(DateTimeOffset.Parse("2026-11-27T10:00:00Z"));
        var clock = new HybridLogicalClock(time, TimeSpan.FromSeconds(30));
        var anHourAhead = new HybridLogicalClock(new SettableTime(time.Now.AddHours(1))).Next();
        var withinBound = new HybridLogicalClock(new SettableTime(time.Now.AddSeconds(20))).Next();

        Assert.True(clock.Observe(withinBound));
        Assert.True(clock.Next() > withinBound);
        Assert.False(clock.Observe(anHourAhead));
        var next = clock.Next();
        Assert.True(next < anHourAhead);
        Assert.InRange(HybridLogicalClock.WallTimeOf(next), time.Now, time.Now.AddSeconds(30));
        Assert.True(HybridLogicalClock.IsAhead(anHourAhead, time.Now, clock.MaxDrift));
        Assert.False(HybridLogicalClock.IsAhead(withinBound, time.Now, clock.MaxDrift));
    }

    [Fact]
    public void AMaximumDriftOfZeroOrLess_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HybridLogicalClock(TimeProvider.System, TimeSpan.Zero));

    [Fact]
    public void VersionOrder_BreaksClockTiesByRegion_AndRoundTripsAsAnETag()
    {
        var a = new ReplicaVersion(42, "eu-west");
        var b = new ReplicaVersion(42, "us-east");
        Assert.True(b > a);
        Assert.True(new ReplicaVersion(43, "eu-west") > b);
        Assert.Equal(b, ReplicaVersion.ParseETag(b.ETag));
        Assert.Null(ReplicaVersion.ParseETag(null));
        Assert.Throws<FormatException>(() => ReplicaVersion.ParseETag("not-a-version"));
    }

    /// <summary>A wall clock a test can set anywhere, backwards included.</summary>
    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
