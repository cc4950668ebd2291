using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.Runtime;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>The real deployment path: regional clusters on PostgreSQL through ADO.NET.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresFixture fixture)
{
    private static readonly MemberProfile Kai = new("Kai Tanaka", "JP", "ja-JP", MaturityRating.Age18);

    [Fact]
    public async Task State_SurvivesARestartOfTheWholeCluster()
    {
        var database = fixture.NewDatabaseName("restart");
        var connectionString = await fixture.Server.CreateRegionDatabaseAsync(database);
        var titles = new CatalogGenerator(3).Titles(40).ToArray();

        await using (var first = await PostgresClusters.StartAsync("us-east", connectionString))
        {
            var member = first.Client.GetGrain<IMemberGrain>("m-restart");
            await member.Register(Kai, PlanTier.Premium, [new Device("tv", DeviceKind.Tv, "TV")]);
            await member.RecordViewing(new ViewingEvent(titles[0].TitleId, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            await member.SetResumePoint(titles[0].TitleId, TimeSpan.FromMinutes(42));
            await member.Rate(titles[1].TitleId, Thumb.Down);
            await first.Client.GetGrain<ICatalogImportGrain>(ImportKeys.Default).ImportTitles(titles);
            await first.StopAllSilosAsync();
        }

        await using var second = await PostgresClusters.StartAsync("us-east", connectionString);
        var restored = await second.Client.GetGrain<IMemberGrain>("m-restart").Get();
        Assert.NotNull(restored);
        Assert.Equal(Kai, restored.Profile);
        Assert.Equal(PlanTier.Premium, restored.Plan);
        Assert.Equal("tv", Assert.Single(restored.Devices).DeviceId);
        Assert.Single(restored.History);
        Assert.Equal(TimeSpan.FromMinutes(42), Assert.Single(restored.ResumePoints).Position);
        Assert.Equal(Thumb.Down, Assert.Single(restored.Ratings).Thumb);
        Assert.Equal(titles[5].Metadata.Name, (await second.Client.GetGrain<ITitleGrain>(titles[5].TitleId).Get())!.Metadata.Name);
        Assert.Equal(titles.Length, await second.Client.GetGrain<ICatalogGrain>(CatalogKeys.Main).Count());
        // Member data and titles live in the replicated rows (one region alone here: nothing owed to anyone).
        Assert.Equal(1, await fixture.Server.ScalarAsync(database, "SELECT count(*) FROM netflix_replicated_state WHERE grain_id = 'member/m-restart'"));
        Assert.Equal(titles.Length, await fixture.Server.ScalarAsync(database, "SELECT count(*) FROM netflix_replicated_state WHERE state_name = 'title'"));
        Assert.Equal(1, await fixture.Server.ScalarAsync(database, "SELECT count(*) FROM netflix_replicated_state WHERE state_name = 'catalog-shard'"));
        Assert.Equal(0, await fixture.Server.ScalarAsync(database, "SELECT count(*) FROM netflix_replication_outbox"));
    }

    [Fact]
    public async Task TwoSilosOfOneRegion_FormOneClusterThroughTheMembershipTable()
    {
        var database = fixture.NewDatabaseName("membership");
        var connectionString = await fixture.Server.CreateRegionDatabaseAsync(database);

        await using var cluster = await PostgresClusters.StartAsync("us-west", connectionString, silos: 2);
        var hosts = await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

        Assert.Equal(2, hosts.Count);
        Assert.Equal(2, await fixture.Server.ScalarAsync(database,
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = 'netflix-us-west' AND status = 3"));

        // Grains spread over both silos and all answer: one cluster, not two. Placement weighs the silos' load (statistics
        // refreshed every second or so), so a busy machine can put many batches on one silo: batches are added, a moment
        // apart, until both hold some, for up to a minute.
        var silosWithMembers = 0;
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        for (var batch = 0; DateTime.UtcNow < until && silosWithMembers < 2; batch++)
        {
            if (batch > 0) await Task.Delay(TimeSpan.FromMilliseconds(500));
            var members = Enumerable.Range(0, 40).Select(i => cluster.Client.GetGrain<IMemberGrain>($"m-spread-{batch}-{i}")).ToArray();
            await Task.WhenAll(members.Select(m => m.Register(Kai, PlanTier.Basic, [])));
            var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
            silosWithMembers = statistics.Where(s => s.GrainType.Contains(nameof(Orleans.Netflix.Grains.Members.MemberGrain)) && s.ActivationCount > 0)
                .Select(s => s.SiloAddress).Distinct().Count();
        }
        Assert.Equal(2, silosWithMembers);
    }

    [Fact]
    public async Task TwoRegions_StayIsolated()
    {
        var eastDb = fixture.NewDatabaseName("east");
        var westDb = fixture.NewDatabaseName("eu");
        var east = await fixture.Server.CreateRegionDatabaseAsync(eastDb);
        var west = await fixture.Server.CreateRegionDatabaseAsync(westDb);

        await using var usEast = await PostgresClusters.StartAsync("us-east", east);
        await using var euWest = await PostgresClusters.StartAsync("eu-west", west);
        await usEast.Client.GetGrain<IMemberGrain>("m-isolated").Register(Kai, PlanTier.Standard, []);

        Assert.NotNull(await usEast.Client.GetGrain<IMemberGrain>("m-isolated").Get());
        Assert.Null(await euWest.Client.GetGrain<IMemberGrain>("m-isolated").Get());

        var eastHosts = (await usEast.Client.GetGrain<IManagementGrain>(0).GetHosts(true)).Keys.ToHashSet();
        var westHosts = (await euWest.Client.GetGrain<IManagementGrain>(0).GetHosts(true)).Keys.ToHashSet();
        Assert.Single(eastHosts);
        Assert.Single(westHosts);
        Assert.Empty(eastHosts.Intersect(westHosts));
        Assert.Equal(0, await fixture.Server.ScalarAsync(eastDb, "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid <> 'netflix-us-east'"));
        Assert.Equal(0, await fixture.Server.ScalarAsync(westDb, "SELECT count(*) FROM orleansstorage"));
    }

    [Fact]
    public async Task ManyParallelWriters_OnPostgres_LoseNoUpdate_EvenAfterReload()
    {
        var connectionString = await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName("writers"));
        await using var cluster = await PostgresClusters.StartAsync("us-east", connectionString);
        var member = cluster.Client.GetGrain<IMemberGrain>("m-writers");
        await member.Register(Kai, PlanTier.Premium, []);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => i % 2 == 0
            ? member.RecordViewing(new ViewingEvent($"t-{i}", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(i)))
            : member.SetResumePoint($"t-{i}", TimeSpan.FromSeconds(i))));
        await cluster.DeactivateAsync(member);
        var reloaded = (await member.Get())!;

        Assert.Equal(100, reloaded.History.Length);
        Assert.Equal(100, reloaded.ResumePoints.Length);
        Assert.Equal(201, reloaded.Version);
    }
}
