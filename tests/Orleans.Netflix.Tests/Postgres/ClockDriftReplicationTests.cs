using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Members;
using Orleans.Netflix.Members;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Replication;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>A region whose clock runs an hour ahead gets no write into another region, so it cannot win their conflicts.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClockDriftReplicationTests(PostgresFixture fixture)
{
    private static readonly IGrainStorageSerializer Json = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
    private static readonly ReplicaMerges Merges = ReplicaMerges.For(Json);
    private static readonly TimeSpan MaxDrift = HybridLogicalClock.DefaultMaxDrift;
    private const string Member = "member/m-clock";

    [Fact]
    public async Task ACopyStampedAnHourAhead_IsRefusedAndKeptOwed_AndTheOtherRegionsWriteStandsThere()
    {
        var (fast, slow) = await TwoRegionsAsync("drift_refused", TimeSpan.FromHours(1));
        await using var _ = fast;
        await using var __ = slow;

        // The fast region's first write, before it has measured the other clock: kept at home, refused by us-west, not acknowledged.
        var refused = await Assert.ThrowsAsync<ReplicationUnavailableException>(() => fast.WriteAsync("member", Member, PlanChange(fast.Clock, PlanTier.Premium), null));
        var told = Assert.IsType<RegionClockAheadException>(refused.ToCallerException());
        Assert.True(told.Committed);
        Assert.InRange(told.Ahead, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Contains("ahead of the other regions", told.Message);

        // us-west's write to the same field after it: acknowledged, and us-west holds it (the hour-ahead stamp never arrived).
        await slow.WriteAsync("member", Member, PlanChange(slow.Clock, PlanTier.Basic), null);
        Assert.Equal(PlanTier.Basic, PlanIn(await slow.Home.ReadAsync("member", Member, default)));

        // Shipping keeps the refused copy owed (it is taken once us-west's clock is within 30 s of its stamp).
        var shipper = new OutboxShipper(fast, Options.Create(new ReplicationOptions()), NullLogger<OutboxShipper>.Instance);
        Assert.Equal(0, await shipper.ShipAsync(slow.Home, default));
        Assert.Single(await fast.Home.OwedAsync("us-west", 10, default));
        Assert.Equal(PlanTier.Basic, PlanIn(await slow.Home.ReadAsync("member", Member, default)));
    }

    [Fact]
    public async Task ARegionThatMeasuredItsClockAhead_RefusesWritesBeforeWritingAnything_AndOneWithinTheBoundWritesOn()
    {
        var (fast, slow) = await TwoRegionsAsync("drift_ahead", TimeSpan.FromHours(1));
        await using var _ = fast;
        await using var __ = slow;
        var shipper = new OutboxShipper(fast, Options.Create(new ReplicationOptions()), NullLogger<OutboxShipper>.Instance);
        await shipper.ShipAsync(slow.Home, default); // measures us-west's clock, as every shipping round does

        var refused = await Assert.ThrowsAsync<RegionClockAheadException>(() => fast.WriteAsync("member", Member, PlanChange(fast.Clock, PlanTier.Premium), null));
        Assert.False(refused.Committed);
        Assert.Null(await fast.Home.ReadAsync("member", Member, default));

        var (near, nearPeer) = await TwoRegionsAsync("drift_near", TimeSpan.FromSeconds(10));
        await using var ___ = near;
        await using var ____ = nearPeer;
        await new OutboxShipper(near, Options.Create(new ReplicationOptions()), NullLogger<OutboxShipper>.Instance).ShipAsync(nearPeer.Home, default);
        await near.WriteAsync("member", Member, PlanChange(near.Clock, PlanTier.Premium), null);
        Assert.Equal(PlanTier.Premium, PlanIn(await nearPeer.Home.ReadAsync("member", Member, default)));
    }

    /// <summary>us-east, whose clock runs <paramref name="ahead"/>, and us-west on the real clock, each on its own database.</summary>
    private async Task<(RegionReplicator Fast, RegionReplicator Slow)> TwoRegionsAsync(string purpose, TimeSpan ahead)
    {
        var east = await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName($"{purpose}_east"));
        var west = await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName($"{purpose}_west"));
        var options = Options.Create(new ReplicationOptions { SyncTimeout = TimeSpan.FromSeconds(10) });
        var aheadTime = new AheadTime(ahead);
        var fast = new RegionReplicator(ReplicaStore.Open("us-east", east, Merges), [ReplicaStore.Open("us-west", west, Merges)],
            new HybridLogicalClock(aheadTime), options, aheadTime, NullLogger<RegionReplicator>.Instance);
        var slow = new RegionReplicator(ReplicaStore.Open("us-west", west, Merges), [ReplicaStore.Open("us-east", east, Merges)],
            new HybridLogicalClock(TimeProvider.System), options, TimeProvider.System, NullLogger<RegionReplicator>.Instance);
        return (fast, slow);
    }

    /// <summary>A registered member whose plan was just changed, stamped by <paramref name="clock"/>, as a member grain stores it.</summary>
    private static string PlanChange(HybridLogicalClock clock, PlanTier plan)
    {
        var state = new MemberState { Profile = new MemberProfile("Ana Lima", "BR", "pt-BR", MaturityRating.Age16), Plan = plan };
        state.Stamp(MemberKeys.Profile, 1);
        state.Stamp(MemberKeys.Plan, clock.Next());
        state.CountWrite("test");
        return Json.Serialize(MemberStateMerge.Canonical(state)).ToString();
    }

    private static PlanTier PlanIn(ReplicaRecord? row) => Json.Deserialize<MemberState>(BinaryData.FromString(row!.Payload!))!.Plan;

    private sealed class AheadTime(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
