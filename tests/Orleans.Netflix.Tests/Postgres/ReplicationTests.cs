using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Replication;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>Member data written in one region reaches the others, in order, and a region that was down catches up.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicationTests(PostgresFixture fixture)
{
    private static readonly MemberProfile Ana = new("Ana Lima", "BR", "pt-BR", MaturityRating.Age16);

    [Fact]
    public async Task AWriteInOneRegion_IsInEveryOtherRegion_WhenAcknowledged()
    {
        await using var regions = await RegionClusters.CreateAsync(fixture, "repl_all");
        await regions.StartAllAsync();
        var east = regions["us-east"].Client.GetGrain<IMemberGrain>("m-ana");
        await east.Register(Ana, PlanTier.Standard, [new Device("phone", DeviceKind.Phone, "Phone")]);
        await east.SetResumePoint("t-dark", TimeSpan.FromMinutes(17));
        await east.RecordViewing(new ViewingEvent("t-dark", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(17)));

        // Acknowledged means copied: read at once in the other regions, no waiting.
        foreach (var region in new[] { "us-west", "eu-west" })
        {
            var copy = await regions[region].Client.GetGrain<IMemberGrain>("m-ana").Get();
            Assert.NotNull(copy);
            Assert.Equal(Ana, copy.Profile);
            Assert.Equal(PlanTier.Standard, copy.Plan);
            Assert.Equal(TimeSpan.FromMinutes(17), Assert.Single(copy.ResumePoints).Position);
            Assert.Single(copy.History);
        }
        Assert.Equal(0, await fixture.Server.ScalarAsync(Database(regions, "us-east"), "SELECT count(*) FROM netflix_replication_outbox"));
    }

    [Fact]
    public async Task AnActiveGrainInAnotherRegion_ServesTheNewerWrite()
    {
        await using var regions = await RegionClusters.CreateAsync(fixture, "repl_stale");
        await regions.StartAsync("us-east");
        await regions.StartAsync("eu-west");
        var east = regions["us-east"].Client.GetGrain<IMemberGrain>("m-stale");
        var west = regions["eu-west"].Client.GetGrain<IMemberGrain>("m-stale");
        await east.Register(Ana, PlanTier.Basic, []);
        Assert.Equal(PlanTier.Basic, (await west.Get())!.Plan); // now active in eu-west, holding Basic

        await east.ChangePlan(PlanTier.Premium);
        await Eventually.TrueAsync(async () => (await west.Get())!.Plan == PlanTier.Premium, seconds: 10);

        // And writing there builds on the newer state rather than failing or overwriting it.
        await west.SetResumePoint("t-1", TimeSpan.FromMinutes(3));
        var back = await east.Get();
        Assert.Equal(PlanTier.Premium, back!.Plan);
        await Eventually.TrueAsync(async () => (await east.Get())!.ResumePoints.Length == 1, seconds: 10);
    }

    [Fact]
    public async Task ARegionThatWasDown_CatchesUpFromTheOutbox_AndLosesNoWrite()
    {
        // eu-west's database lives on a server of its own, stopped while the others write.
        await using var euServer = await PostgresServer.StartAsync();
        await using var regions = await RegionClusters.CreateAsync(fixture, "repl_down",
            new Dictionary<string, string?> { ["Netflix:Replication:SyncTimeout"] = "00:00:01" },
            serverOf: region => region == "eu-west" ? euServer : fixture.Server);
        await euServer.StopServerAsync();
        await regions.StartAsync("us-east");
        await regions.StartAsync("us-west");

        var members = Enumerable.Range(0, 20).Select(i => regions["us-east"].Client.GetGrain<IMemberGrain>($"m-down-{i}")).ToArray();
        await Task.WhenAll(members.Select(m => m.Register(Ana, PlanTier.Standard, [])));
        await Task.WhenAll(members.Select(m => m.SetResumePoint("t-x", TimeSpan.FromMinutes(9))));
        Assert.Equal(40, await fixture.Server.ScalarAsync(Database(regions, "us-east"),
            "SELECT count(*) FROM netflix_replication_outbox WHERE target_region = 'eu-west'"));
        // Exposed to operators: what us-east owes eu-west, and the lag of what us-west received.
        var owing = await regions["us-east"].Client.GetGrain<IReplicationStatusGrain>("us-east").Status();
        Assert.True(owing.Enabled);
        Assert.Equal(40, Assert.Single(owing.Peers, p => p.Peer == "eu-west").Owed);
        Assert.Equal(0, Assert.Single(owing.Peers, p => p.Peer == "us-west").Owed);
        var received = Assert.Single((await regions["us-west"].Client.GetGrain<IReplicationStatusGrain>("us-west").Status()).Peers, p => p.Peer == "us-east");
        Assert.Equal(20, received.Received); // one row per member, its latest copy
        Assert.InRange(received.LagP99Ms, 0, 5_000);

        await euServer.StartServerAsync();
        await Eventually.TrueAsync(async () => await fixture.Server.ScalarAsync(Database(regions, "us-east"), "SELECT count(*) FROM netflix_replication_outbox") == 0,
            seconds: 30);
        await regions.StartAsync("eu-west");
        foreach (var (member, i) in members.Select((m, i) => (m, i)))
        {
            var copy = await regions["eu-west"].Client.GetGrain<IMemberGrain>($"m-down-{i}").Get();
            Assert.Equal(TimeSpan.FromMinutes(9), Assert.Single(copy!.ResumePoints).Position);
        }
    }

    [Fact]
    public async Task ALateCopy_NeverOverwritesANewerOne()
    {
        var connection = await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName("repl_order"));
        await using var store = ReplicaStore.Open("eu-west", connection);
        // A whole-state replicated row (a title's); member data merges instead (MemberMergeReplicationTests).
        var older = new ReplicaRecord("title", "title/t-order", new ReplicaVersion(1000, "us-west"), """{"plan":"old"}""", DateTimeOffset.UtcNow);
        var newer = older with { Version = new ReplicaVersion(1000, "us-west-2"), Payload = """{"plan":"new"}""" };
        var newest = older with { Version = new ReplicaVersion(2000, "eu-west"), Payload = null };

        Assert.Equal(ApplyOutcome.Applied, (await store.ApplyAsync(newer, default)).Outcome);
        Assert.Equal(ApplyOutcome.Superseded, (await store.ApplyAsync(older, default)).Outcome); // same clock, lower region: older
        Assert.Equal(ApplyOutcome.AlreadyHeld, (await store.ApplyAsync(newer, default)).Outcome); // a repeat changes nothing
        Assert.Equal("new", System.Text.Json.JsonDocument.Parse((await store.ReadAsync("title", "title/t-order", default))!.Payload!).RootElement.GetProperty("plan").GetString());
        Assert.Equal(ApplyOutcome.Applied, (await store.ApplyAsync(newest, default)).Outcome);
        var read = await store.ReadAsync("title", "title/t-order", default);
        Assert.Null(read!.Payload); // a replicated clear
        Assert.Equal(newest.Version, read.Version);
    }

    [Fact]
    public async Task AWholeStateWriteWhoseCopyFindsANewerConcurrentWrite_IsRefusedToItsCaller_NotAcknowledgedAndLost()
    {
        var eastDatabase = await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName("repl_lww_east"));
        var westDatabase = await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName("repl_lww_west"));
        var options = Microsoft.Extensions.Options.Options.Create(new ReplicationOptions { SyncTimeout = TimeSpan.FromSeconds(10) });
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<RegionReplicator>.Instance;
        // us-west's write is the later one (its clock 5 s ahead, within the drift bound); its copy to us-east is still in flight.
        var westTime = new AheadTime(TimeSpan.FromSeconds(5));
        await using var west = new RegionReplicator(ReplicaStore.Open("us-west", westDatabase), [], new HybridLogicalClock(westTime), options, westTime, logger);
        await using var east = new RegionReplicator(ReplicaStore.Open("us-east", eastDatabase), [ReplicaStore.Open("us-west", westDatabase)],
            new HybridLogicalClock(TimeProvider.System), options, TimeProvider.System, logger);
        await west.WriteAsync("title", "title/t-both", """{"name":"west"}""", null);

        var refused = await Assert.ThrowsAsync<ReplicaConflictException>(() => east.WriteAsync("title", "title/t-both", """{"name":"east"}""", null));

        Assert.Contains("written at the same time in another region", refused.Message);
        Assert.NotNull(refused.Committed); // kept in us-east until us-west's newer copy replaces it
        Assert.Contains("west", (await west.Home.ReadAsync("title", "title/t-both", default))!.Payload);
    }

    [Fact]
    public async Task WithEveryOtherRegionDown_AWriteIsNotAcknowledged_ButKeptAndCopiedLater()
    {
        await using var otherServer = await PostgresServer.StartAsync();
        await using var regions = await RegionClusters.CreateAsync(fixture, "repl_alone",
            new Dictionary<string, string?> { ["Netflix:Replication:SyncTimeout"] = "00:00:01" },
            serverOf: region => region == "us-east" ? fixture.Server : otherServer);
        await otherServer.StopServerAsync();
        await regions.StartAsync("us-east");
        var member = regions["us-east"].Client.GetGrain<IMemberGrain>("m-alone");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => member.Register(Ana, PlanTier.Basic, []));
        Assert.Contains("copied to 0 other region(s)", refused.Message);
        // Committed in us-east all the same, and the grain goes on from it.
        Assert.NotNull(await member.Get());
        await Assert.ThrowsAnyAsync<Exception>(() => member.ChangePlan(PlanTier.Premium));
        Assert.Equal(PlanTier.Premium, (await member.Get())!.Plan);

        await otherServer.StartServerAsync();
        await regions.StartAsync("us-west");
        await Eventually.TrueAsync(async () => (await regions["us-west"].Client.GetGrain<IMemberGrain>("m-alone").Get())?.Plan == PlanTier.Premium, seconds: 30);
    }

    private sealed class AheadTime(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }

    private static string Database(RegionClusters regions, string region) =>
        new Npgsql.NpgsqlConnectionStringBuilder(regions.ConnectionStrings[region]).Database!;
}
