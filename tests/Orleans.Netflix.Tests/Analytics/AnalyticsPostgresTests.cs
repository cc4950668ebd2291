using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.TestingHost;
using static Orleans.Netflix.Tests.Analytics.AnalyticsEvents;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>The analytics log on PostgreSQL: rows in <c>netflix_analytics_events</c>, one per event id, counted in SQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AnalyticsPostgresTests(PostgresFixture fixture)
{
    private static readonly Dictionary<string, string?> FastWrites = new() { ["Netflix:Analytics:WriteEvery"] = "00:00:00.050" };

    private async Task<(string Database, string ConnectionString)> DatabaseAsync(string purpose)
    {
        var database = fixture.NewDatabaseName(purpose);
        return (database, await fixture.Server.CreateRegionDatabaseAsync(database));
    }

    private Task<long> RowsAsync(string database, string where = "true") =>
        fixture.Server.ScalarAsync(database, $"SELECT count(*) FROM netflix_analytics_events WHERE {where}");

    [Fact]
    public async Task EventsPublishedOnTheStream_LandAsRows_AndAnEventSentAgainIsStoredOnce()
    {
        var (database, connectionString) = await DatabaseAsync("analytics_stream");
        await using var cluster = await PostgresClusters.StartAsync("us-east", connectionString, settings: FastWrites);
        var publisher = cluster.Silos.OfType<InProcessSiloHandle>().First().SiloHost.Services.GetRequiredService<AnalyticsPublisher>();
        var events = TakeWindowCases.Events("t-stream", "t-other");

        foreach (var e in events) publisher.Publish(e);

        await Eventually.TrueAsync(async () => await RowsAsync(database) == events.Length);
        var shown = events.First(e => e.Kind == AnalyticsEventKind.Impression);
        var qoe = events.First(e => e.Kind == AnalyticsEventKind.Qoe);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("""
                SELECT kind, occurred_at, region, member_id, title_id, artwork_id, row_name, row_position FROM netflix_analytics_events WHERE event_id = $1
                """, connection) { Parameters = { new NpgsqlParameter { Value = shown.EventId } } };
            await using var reader = await read.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(("Impression", shown.At, "us-east", shown.MemberId, "t-stream", "a", "Trending Now", 3),
                (reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), reader.GetInt32(7)));
        }
        Assert.Equal(3000, await fixture.Server.ScalarAsync(database,
            $"SELECT (qoe->>'meanBitrateKbps')::float8 FROM netflix_analytics_events WHERE event_id = '{qoe.EventId}' AND session_id IS NOT NULL"));

        // The same events again, on the stream and through Import: no new rows.
        publisher.Publish(events[0]);
        publisher.Publish(qoe);
        var analytics = cluster.Client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main);
        Assert.Equal(0, await analytics.Import(events));
        // A new event after the repeats, from the same members (so the same partitions, in order): once it is stored,
        // the repeats have been through the writer too.
        var after = new[] { Played(events[0].MemberId, "t-after", Minutes(60)), Played(qoe.MemberId, "t-after", Minutes(61)) };
        foreach (var e in after) publisher.Publish(e);
        await Eventually.TrueAsync(async () => await RowsAsync(database, "title_id = 't-after'") == 2);
        Assert.Equal(events.Length + 2, await RowsAsync(database));
        Assert.Equal(1, await RowsAsync(database, $"event_id = '{events[0].EventId}'"));
    }

    [Fact]
    public async Task ImportedHistory_GivesEachArtworkItsTakeRate_CountingOnlyPlaysWithinTheWindow()
    {
        var (database, connectionString) = await DatabaseAsync("analytics_take");
        await using var cluster = await PostgresClusters.StartAsync("us-east", connectionString, settings: FastWrites);
        var analytics = cluster.Client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main);
        var events = TakeWindowCases.Events("t-take", "t-other");

        Assert.Equal(events.Length, await analytics.Import(events));
        Assert.Equal(0, await analytics.Import(events[..3]));

        TakeWindowCases.AssertCounters(await analytics.TitleStats("t-take")); // the default window: 10 minutes
        Assert.Equal(events.Length, await RowsAsync(database));
        var nobody = await analytics.TitleStats("t-nobody-watched");
        Assert.Equal((0L, 0L, 0L), (nobody.Impressions, nobody.PlayStarts, nobody.Members));
        Assert.Empty(nobody.Artwork);
    }

    [Fact]
    public async Task PostgresStore_CountsExactlyAsTheMemoryStore()
    {
        var (_, connectionString) = await DatabaseAsync("analytics_agree");
        await using var postgres = PostgresAnalyticsStore.Open(connectionString);
        var memory = new MemoryAnalyticsStore();
        var events = Population(seed: 7, events: 6_000);

        Assert.Equal(await memory.Append(events, default), await postgres.Append(events, default));
        Assert.Equal(0, await postgres.Append(events[..100], default));

        foreach (var window in new[] { TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1) })
        {
            foreach (var title in Enumerable.Range(0, 6).Select(t => $"t-{t}"))
            {
                var (p, m) = (await postgres.TitleStats(title, window, default), await memory.TitleStats(title, window, default));
                Assert.Equal((m.Impressions, m.PlayStarts, m.PlayStops, m.QoeReports, m.Members), (p.Impressions, p.PlayStarts, p.PlayStops, p.QoeReports, p.Members));
                Assert.Equal(m.MeanRebufferRatio, p.MeanRebufferRatio, 9);
                Assert.Equal(m.MeanBitrateKbps, p.MeanBitrateKbps, 6);
                Assert.Equal(m.Artwork, p.Artwork);
            }
        }
        Assert.Equal(await memory.PlayCounts(default), await postgres.PlayCounts(default));
        foreach (var region in new[] { "us-east", "eu-west" })
            Assert.Equal(await memory.Trending(region, T0 + Minutes(30), 4, default), await postgres.Trending(region, T0 + Minutes(30), 4, default));
    }

    [Fact]
    public async Task ASiloOnADatabaseWithoutTheAnalyticsTable_IsToldToRunDbInit()
    {
        var (_, connectionString) = await DatabaseAsync("analytics_old");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP TABLE netflix_analytics_events", connection); // as a db init from before the log
            await drop.ExecuteNonQueryAsync();
        }

        var problem = await Silo.Database.DatabasePreflight.ProblemAsync(connectionString, "us-east", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.NotNull(problem);
        Assert.Contains("lacks table netflix_analytics_events", problem);
        Assert.Contains("db init --region us-east", problem);
    }

    /// <summary>Random impressions, plays and QoE over a few titles, members and an hour, so windows both catch and miss.</summary>
    private static AnalyticsEvent[] Population(int seed, int events)
    {
        var random = new Random(seed);
        string Member() => $"m-{random.Next(40)}";
        string Title() => $"t-{random.Next(6)}";
        // Whole milliseconds: PostgreSQL keeps microseconds, .NET ticks of 100 ns.
        TimeSpan At() => TimeSpan.FromMilliseconds(random.Next(3_600_000));
        string Region() => random.Next(3) == 0 ? "eu-west" : "us-east";
        return [.. Enumerable.Range(0, events).Select(_ => random.Next(10) switch
        {
            < 5 => Shown(Member(), Title(), $"art-{random.Next(3)}", At(), Region()),
            < 8 => Played(Member(), Title(), At(), Region()),
            8 => Stopped(Member(), Title(), At(), TimeSpan.FromSeconds(random.Next(3600)), Region()),
            _ => Qoe(Member(), Title(), At(), random.Next(10, 3600), random.Next(0, 60), random.Next(300, 6000)),
        })];
    }
}
