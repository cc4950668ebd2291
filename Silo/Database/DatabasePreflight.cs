using Npgsql;

namespace Orleans.Netflix.Silo.Database;

/// <summary>
/// Checks, before Orleans starts, that the region's database answers and holds the schema, so a
/// wrong connection string or a stopped server is one clear message within seconds, not minutes
/// of membership retries.
/// </summary>
public static class DatabasePreflight
{
    public static async Task<string?> ProblemAsync(string connectionString, string region, TimeSpan timeout, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString)
            {
                Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
                Pooling = false,
            };
        }
        catch (ArgumentException e)
        {
            return $"the connection string for region {region} is malformed: {e.Message}";
        }

        var where = $"{builder.Host}:{builder.Port}/{builder.Database}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(deadline.Token);
            await using var command = new NpgsqlCommand("SELECT querykey FROM orleansquery WHERE querykey = ANY(@keys)", connection);
            command.Parameters.AddWithValue("keys", OrleansSchema.RequiredQueryKeys);
            var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await using (var reader = await command.ExecuteReaderAsync(deadline.Token))
            {
                while (await reader.ReadAsync(deadline.Token)) found.Add(reader.GetString(0));
            }
            var missing = OrleansSchema.RequiredQueryKeys.Where(k => !found.Contains(k)).ToArray();
            if (missing.Length > 0)
                return $"database {where} lacks Orleans queries {string.Join(", ", missing)}: run `dotnet run --project Silo -- db init --region {region}`";
            foreach (var required in NetflixSchema.RequiredTables)
            {
                await using var table = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
                table.Parameters.AddWithValue("table", required);
                if (await table.ExecuteScalarAsync(deadline.Token) is not true)
                    return $"database {where} lacks table {required}: run `dotnet run --project Silo -- db init --region {region}`";
            }
            return null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return $"database {where} has no Orleans schema: run `dotnet run --project Silo -- db init --region {region}`";
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return $"database {builder.Database} does not exist on {builder.Host}:{builder.Port}: run `dotnet run --project Silo -- db init --region {region}`";
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var reason = e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0} s" : e.InnerException?.Message ?? e.Message;
            return $"cannot reach PostgreSQL for region {region} at {where}: {reason}";
        }
    }
}
