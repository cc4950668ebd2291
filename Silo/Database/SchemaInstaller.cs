using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orleans.Netflix.Silo.Database;

/// <summary>
/// <c>db init</c>: creates a region's database when it is missing and applies Orleans' scripts once
/// each. Applied scripts are recorded in <c>netflix_schema_history</c> under an advisory lock, so
/// running it again, or from two shells at once, changes nothing.
/// </summary>
public sealed class SchemaInstaller(ILogger<SchemaInstaller> logger)
{
    private const long AdvisoryLockKey = 0x4E6574666C6978; // "Netflix"

    /// <summary>Everything <c>db init</c> applies, in order: Orleans' scripts, then ours.</summary>
    public static IReadOnlyList<OrleansSchema.Script> Scripts { get; } = [.. OrleansSchema.Scripts, .. NetflixSchema.Scripts];

    public sealed record Result(string Database, bool DatabaseCreated, IReadOnlyList<string> Applied, IReadOnlyList<string> AlreadyPresent);

    public async Task<Result> InitializeAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? throw new ArgumentException("the connection string names no Database");
        var created = await EnsureDatabaseAsync(target, database, cancellationToken);

        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await Execute(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
        try
        {
            await Execute(connection, """
                CREATE TABLE IF NOT EXISTS netflix_schema_history (
                    script text PRIMARY KEY,
                    sha256 text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);

            var applied = new List<string>();
            var present = new List<string>();
            foreach (var script in Scripts)
            {
                await using var check = new NpgsqlCommand("SELECT sha256 FROM netflix_schema_history WHERE script = @script", connection);
                check.Parameters.AddWithValue("script", script.Name);
                if (await check.ExecuteScalarAsync(cancellationToken) is string recordedHash)
                {
                    if (recordedHash != script.Sha256)
                        logger.LogWarning("{Script} was applied from a different version (sha256 {Recorded}); leaving it as it is", script.Name, recordedHash);
                    present.Add(script.Name);
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var run = new NpgsqlCommand(script.Sql, connection, transaction)) await run.ExecuteNonQueryAsync(cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO netflix_schema_history(script, sha256) VALUES (@script, @sha)", connection, transaction))
                {
                    record.Parameters.AddWithValue("script", script.Name);
                    record.Parameters.AddWithValue("sha", script.Sha256);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied {Script} to {Database}", script.Name, database);
                applied.Add(script.Name);
            }
            return new Result(database, created, applied, present);
        }
        finally
        {
            await Execute(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
        }
    }

    private async Task<bool> EnsureDatabaseAsync(NpgsqlConnectionStringBuilder target, string database, CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return false;
        try
        {
            var quoted = "\"" + database.Replace("\"", "\"\"") + "\"";
            await Execute(connection, $"CREATE DATABASE {quoted} ENCODING 'UTF8'", cancellationToken);
            logger.LogInformation("Created database {Database}", database);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            return false; // created by a concurrent db init
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
