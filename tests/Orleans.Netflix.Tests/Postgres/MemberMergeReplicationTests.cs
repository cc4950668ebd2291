using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Members;
using Orleans.Netflix.Members;
using Orleans.Netflix.Silo.Replication;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>A region's database merges member copies and writes over a row that moved on, rather than refusing or replacing them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MemberMergeReplicationTests(PostgresFixture fixture)
{
    private static readonly IGrainStorageSerializer Json = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
    private static readonly ReplicaMerges Merges = ReplicaMerges.For(Json);
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-06T10:00:00Z");
    private const string Member = "member/m-merge";

    [Fact]
    public async Task ACopyConcurrentWithTheRow_IsMergedIntoIt_AndARepeatChangesNothing()
    {
        await using var store = ReplicaStore.Open("eu-west", await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName("merge_copy")), Merges);
        var clock = new HybridLogicalClock(TimeProvider.System);
        var east = Record(Resumed(clock, "t-east", PlanTier.Premium), new ReplicaVersion(clock.Next(), "us-east"));
        var west = Record(Resumed(clock, "t-west", PlanTier.Basic), new ReplicaVersion(clock.Next(), "us-west"));

        Assert.Equal(ApplyOutcome.Applied, (await store.ApplyAsync(east, default)).Outcome);
        Assert.Equal(ApplyOutcome.Merged, (await store.ApplyAsync(west, default)).Outcome); // once refused as older and still counted as a copy
        Assert.Equal(ApplyOutcome.AlreadyHeld, (await store.ApplyAsync(west, default)).Outcome);
        Assert.Equal(ApplyOutcome.AlreadyHeld, (await store.ApplyAsync(east, default)).Outcome);

        var row = await store.ReadAsync("member", Member, default);
        var held = Json.Deserialize<MemberState>(BinaryData.FromString(row!.Payload!))!;
        Assert.Equal(["t-east", "t-west"], held.ResumePoints.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(PlanTier.Basic, held.Plan); // us-west's plan change was stamped later
        Assert.True(row.Version > west.Version);
    }

    [Fact]
    public async Task AWriteOverARowThatACopyMovedOn_MergesWithIt_InsteadOfFailing()
    {
        var database = await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName("merge_home"));
        var clock = new HybridLogicalClock(TimeProvider.System);
        await using var east = new RegionReplicator(ReplicaStore.Open("us-east", database, Merges), [], clock,
            Options.Create(new ReplicationOptions()), TimeProvider.System, NullLogger<RegionReplicator>.Instance);
        var first = await east.WriteAsync("member", Member, Payload(Resumed(clock, "t-1", PlanTier.Standard)), null);
        // A copy from us-west arrives after the grain read the row.
        await east.Home.ApplyAsync(Record(Resumed(clock, "t-west", PlanTier.Standard), new ReplicaVersion(clock.Next(), "us-west")), default);

        var stored = await east.WriteAsync("member", Member, Payload(Resumed(clock, "t-2", PlanTier.Standard)), first.Version);

        var merged = Json.Deserialize<MemberState>(BinaryData.FromString(stored.Payload!))!;
        Assert.Equal(["t-1", "t-2", "t-west"], merged.ResumePoints.Keys.Order(StringComparer.Ordinal)); // nothing deleted t-1: no tombstone
        Assert.Equal(stored.Version, (await east.Home.ReadAsync("member", Member, default))!.Version);
    }

    /// <summary>A member with one resume point and a plan, stamped now.</summary>
    private static MemberState Resumed(HybridLogicalClock clock, string titleId, PlanTier plan)
    {
        var state = new MemberState { Profile = new MemberProfile("Ana Lima", "BR", "pt-BR", MaturityRating.Age16), Plan = plan };
        state.Stamp(MemberKeys.Profile, 1);
        state.Stamp(MemberKeys.Plan, clock.Next());
        state.ResumePoints[titleId] = new ResumePoint(titleId, TimeSpan.FromMinutes(5), At);
        state.Stamp(MemberKeys.Resume(titleId), clock.Next());
        state.CountWrite("test");
        return state;
    }

    private static ReplicaRecord Record(MemberState state, ReplicaVersion version) => new("member", Member, version, Payload(state), DateTimeOffset.UtcNow);

    private static string Payload(MemberState state) => Json.Serialize(MemberStateMerge.Canonical(state)).ToString();
}
