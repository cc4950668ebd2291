using System.Text.Json;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>The deployment path end to end: db init, two silo processes of one region, a client that finds them in PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProcessTests(PostgresFixture fixture)
{
    [Fact]
    public async Task DbInit_TwoSiloProcesses_AndAClientThatFindsGatewaysInTheMembershipTable()
    {
        var database = fixture.NewDatabaseName("processes");
        var connectionString = fixture.Server.ConnectionString(database);

        var init = await BuiltApp.Silo.RunAsync(["db", "init", "--region", "us-east", "--connection-string", connectionString], TimeSpan.FromSeconds(60));
        Assert.Equal(0, init.ExitCode);
        Assert.Contains($"database {database} (created); applied 7 script(s), 0 already present", init.StdOut);
        var again = await BuiltApp.Silo.RunAsync(["db", "init", "--region", "us-east", "--connection-string", connectionString], TimeSpan.FromSeconds(60));
        Assert.Contains("applied 0 script(s), 7 already present", again.StdOut);

        await using var first = await StartSilo(connectionString);
        await using var second = await StartSilo(connectionString);
        Assert.Equal(2, await fixture.Server.ScalarAsync(database,
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = 'netflix-us-east' AND status = 3 AND proxyport > 0"));

        string[] viaDatabase = ["--region", "us-east", "--connection-string", connectionString];
        var seed = await BuiltApp.Client.RunAsync(["seed", "--titles", "200", "--members", "100", "--json", .. viaDatabase], TimeSpan.FromSeconds(90));
        Assert.Equal(ExitCodes.Ok, seed.ExitCode);
        var shown = await BuiltApp.Client.RunAsync(["member", "show", "m-00100", "--json", .. viaDatabase], TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCodes.Ok, shown.ExitCode);
        Assert.Equal("m-00100", JsonDocument.Parse(shown.StdOut).RootElement.GetProperty("memberId").GetString());
        Assert.Equal(200, await fixture.Server.ScalarAsync(database, "SELECT count(*) FROM netflix_replicated_state WHERE state_name = 'title'"));
        Assert.True(await fixture.Server.ScalarAsync(database, "SELECT count(*) FROM netflix_replicated_state WHERE state_name = 'member'") >= 100);

        // The seeded viewing history is in the analytics table, the model trains from it, and the home screen's impressions land there too.
        var plays = JsonDocument.Parse(seed.StdOut).RootElement.GetProperty("plays").GetInt32();
        Assert.True(plays >= 1000, $"{plays} plays seeded");
        Assert.Equal(plays, await fixture.Server.ScalarAsync(database, "SELECT count(*) FROM netflix_analytics_events WHERE kind = 'PlayStart'"));
        var home = await BuiltApp.Client.RunAsync(["browse", "--member", "m-00007", "--json", .. viaDatabase], TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCodes.Ok, home.ExitCode);
        var screen = JsonDocument.Parse(home.StdOut).RootElement;
        var onScreen = screen.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("items").GetArrayLength());
        Assert.InRange(onScreen, 40, 50);
        await Eventually.TrueAsync(async () => await fixture.Server.ScalarAsync(database,
            "SELECT count(*) FROM netflix_analytics_events WHERE kind = 'Impression' AND member_id = 'm-00007'") == onScreen);
    }

    [Fact]
    public async Task SiloOnADatabaseWithoutSchema_TellsYouToRunDbInit()
    {
        var result = await BuiltApp.Silo.RunAsync(
            ["--region", "eu-west", "--connection-string", fixture.Server.ConnectionString("postgres")], TimeSpan.FromSeconds(30));

        Assert.Equal(SiloProgram.ExitBadSetup, result.ExitCode);
        Assert.Contains("run `dotnet run --project Silo -- db init --region eu-west`", result.StdErr);
    }

    private static Task<RunningApp> StartSilo(string connectionString) => BuiltApp.Silo.StartAsync(
        ["--region", "us-east", "--connection-string", connectionString, "--origin-port", "0", "--silo-port", FreePort.Next().ToString(), "--gateway-port", FreePort.Next().ToString()],
        SiloProgram.ReadyMarker, TimeSpan.FromSeconds(60));
}
