using Npgsql;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>
/// Npgsql hands out a pooled connection without testing it, so one left idle across a restart of the server fails the
/// next call made on it. Once any call has seen the server go away, the silo's pools hold no connection from before.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PoolsAcrossARestartTests
{
    [Fact]
    public async Task OnceACallSawTheServerGoAway_NoConnectionFromBeforeTheRestartIsHandedOut()
    {
        await using var server = await PostgresServer.StartAsync(); // its own, since it is restarted
        var connectionString = server.ConnectionString("postgres");
        await using var ours = NpgsqlPools.Create(connectionString, 4);
        await using var untouched = NpgsqlDataSource.Create(connectionString); // made elsewhere: nothing clears it
        await LeaveIdleConnectionsAsync(ours, 2);
        await LeaveIdleConnectionsAsync(untouched, 1);

        await server.StopServerAsync();
        // Another call during the outage (a fresh connection, refused) is the one that sees the server gone.
        await using (var fresh = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString))
        {
            var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => fresh.OpenAsync());
            Assert.Contains("Connection refused", DatabaseFailures.Translate(refused, "loading member of member/m-1")!.Message);
        }
        await server.StartServerAsync();

        Assert.Equal(1, await SelectOneAsync(ours)); // first time: its idle connections from before were closed
        // Without that, the first call takes a connection the server closed when it stopped.
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => SelectOneAsync(untouched));
        Assert.Equal(1, await SelectOneAsync(untouched)); // the broken one is dropped once it failed
    }

    /// <summary>Opens <paramref name="count"/> connections at once and returns them to the pool, where they wait idle.</summary>
    private static async Task LeaveIdleConnectionsAsync(NpgsqlDataSource source, int count)
    {
        var open = new List<NpgsqlConnection>();
        for (var i = 0; i < count; i++) open.Add(await source.OpenConnectionAsync());
        foreach (var connection in open) await connection.DisposeAsync();
    }

    private static async Task<int> SelectOneAsync(NpgsqlDataSource source)
    {
        await using var command = source.CreateCommand("SELECT 1");
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
