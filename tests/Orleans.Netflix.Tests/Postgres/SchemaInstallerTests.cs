using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Netflix.Silo.Database;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class SchemaInstallerTests(PostgresFixture fixture)
{
    [Fact]
    public async Task DbInit_CreatesTheDatabase_AppliesEachScriptOnce_AndIsIdempotent()
    {
        var database = fixture.NewDatabaseName("init");
        var installer = new SchemaInstaller(NullLogger<SchemaInstaller>.Instance);

        var first = await installer.InitializeAsync(fixture.Server.ConnectionString(database), CancellationToken.None);
        var second = await installer.InitializeAsync(fixture.Server.ConnectionString(database), CancellationToken.None);

        Assert.True(first.DatabaseCreated);
        Assert.Equal(SchemaInstaller.Scripts.Select(s => s.Name), first.Applied);
        Assert.False(second.DatabaseCreated);
        Assert.Empty(second.Applied);
        Assert.Equal(SchemaInstaller.Scripts.Count, second.AlreadyPresent.Count);
        Assert.Equal(1, await fixture.Server.ScalarAsync(database, "SELECT count(*) FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntriesKey'"));
        Assert.Equal(SchemaInstaller.Scripts.Count, await fixture.Server.ScalarAsync(database, "SELECT count(*) FROM netflix_schema_history"));
        Assert.Equal(0, await fixture.Server.ScalarAsync(database, "SELECT count(*) FROM netflix_replicated_state"));
    }

    [Fact]
    public async Task DbInit_FromSeveralShellsAtOnce_AppliesEachScriptOnce()
    {
        var database = fixture.NewDatabaseName("race");
        var installer = new SchemaInstaller(NullLogger<SchemaInstaller>.Instance);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => installer.InitializeAsync(fixture.Server.ConnectionString(database), CancellationToken.None)));

        Assert.Equal(SchemaInstaller.Scripts.Count, results.Sum(r => r.Applied.Count));
    }

    [Fact]
    public async Task Preflight_NamesTheProblem()
    {
        var ready = await fixture.Server.CreateRegionDatabaseAsync(fixture.NewDatabaseName("preflight"));
        Assert.Null(await DatabasePreflight.ProblemAsync(ready, "us-east", TimeSpan.FromSeconds(5), CancellationToken.None));

        var missing = await DatabasePreflight.ProblemAsync(fixture.Server.ConnectionString("netflix_never_created"), "us-east", TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Contains("does not exist", missing);
        Assert.Contains("db init --region us-east", missing);

        var empty = await DatabasePreflight.ProblemAsync(fixture.Server.ConnectionString("postgres"), "eu-west", TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Contains("no Orleans schema", empty);

        var unreachable = await DatabasePreflight.ProblemAsync($"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=x", "us-west", TimeSpan.FromSeconds(3), CancellationToken.None);
        Assert.Contains("cannot reach PostgreSQL for region us-west", unreachable);
    }
}
