namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>One PostgreSQL server for the whole PostgreSQL collection; each test makes its own databases.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _databases;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL did not start");

    /// <summary>A fresh database name, so tests never see each other's rows.</summary>
    public string NewDatabaseName(string purpose) => $"netflix_{purpose}_{Interlocked.Increment(ref _databases)}";

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgresql";
}
