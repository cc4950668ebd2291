using Npgsql;
using Orleans.Netflix.Grains.Common;

namespace Orleans.Netflix.Silo.Origin;

/// <summary>The origin servers a region's silos announce in its database (<c>netflix_origin_endpoints</c>).</summary>
public sealed class OriginEndpoints(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    /// <summary>A row older than this belongs to a silo that stopped without saying so.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(2);

    public static OriginEndpoints Open(string connectionString) => new(NpgsqlPools.Create(connectionString, defaultMaxPoolSize: 4));

    public async Task AnnounceAsync(string url, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO netflix_origin_endpoints (url) VALUES ($1)
            ON CONFLICT (url) DO UPDATE SET seen_at = clock_timestamp()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = url });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task WithdrawAsync(string url, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM netflix_origin_endpoints WHERE url = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = url });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The origins announced within <see cref="FreshFor"/>, most recently seen first.</summary>
    public async Task<IReadOnlyList<string>> FreshAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT url FROM netflix_origin_endpoints WHERE seen_at > clock_timestamp() - $1 ORDER BY seen_at DESC");
        command.Parameters.Add(new NpgsqlParameter { Value = FreshFor });
        var urls = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) urls.Add(reader.GetString(0));
        return urls;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
