using Orleans.Netflix.Grains.Common;
using Npgsql;
using NpgsqlTypes;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// The replicated rows of one region's PostgreSQL database (<c>netflix_replicated_state</c> and its outbox,
/// from Database/Netflix/Netflix-Replication.sql): the home region's own writes, and copies applied from
/// other regions, newest version wins.
/// </summary>
public sealed class ReplicaStore(string region, NpgsqlDataSource dataSource) : IAsyncDisposable
{
    /// <summary>The PostgreSQL channel a region's silos listen on to drop activations a newer copy made stale.</summary>
    public const string ChangeChannel = "netflix_replica";

    public string Region { get; } = region;

    /// <summary>Connections this store may hold to one region's database (replicated reads and writes, outbox shipping).</summary>
    public const int MaxPoolSize = 40;

    public static ReplicaStore Open(string region, string connectionString) => new(region, NpgsqlPools.Create(connectionString, MaxPoolSize));

    public async Task<ReplicaRecord?> ReadAsync(string stateName, string grainId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT version, origin_region, payload::text, origin_written_at
            FROM netflix_replicated_state WHERE state_name = $1 AND grain_id = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = stateName });
        command.Parameters.Add(new NpgsqlParameter { Value = grainId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new ReplicaRecord(stateName, grainId, new ReplicaVersion(reader.GetInt64(0), reader.GetString(1)),
            reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>
    /// Writes the home region's new version if the row still has <paramref name="expected"/> (null: no row yet),
    /// and owes a copy to each of <paramref name="peers"/>, in one transaction. Returns the outbox id per peer,
    /// or null when the row moved on (another write or a newer copy got there first).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>?> WriteAsync(ReplicaRecord record, ReplicaVersion? expected, IReadOnlyCollection<string> peers,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var write = new NpgsqlCommand(expected is { } old
            ? """
              UPDATE netflix_replicated_state
              SET version = $3, origin_region = $4, payload = $5::jsonb, origin_written_at = $6, applied_at = clock_timestamp()
              WHERE state_name = $1 AND grain_id = $2 AND version = $7 AND origin_region = $8
              """
            : """
              INSERT INTO netflix_replicated_state (state_name, grain_id, version, origin_region, payload, origin_written_at)
              VALUES ($1, $2, $3, $4, $5::jsonb, $6) ON CONFLICT (state_name, grain_id) DO NOTHING
              """, connection, transaction))
        {
            AddRecord(write, record);
            if (expected is { } e)
            {
                write.Parameters.Add(new NpgsqlParameter { Value = e.Clock });
                write.Parameters.Add(new NpgsqlParameter { Value = e.Region });
            }
            if (await write.ExecuteNonQueryAsync(cancellationToken) == 0) return null;
        }

        var owed = new Dictionary<string, long>(StringComparer.Ordinal);
        if (peers.Count > 0)
        {
            await using var outbox = new NpgsqlCommand("""
                INSERT INTO netflix_replication_outbox (target_region, state_name, grain_id, version, origin_region, payload, origin_written_at)
                SELECT target, $1, $2, $3, $4, $5::jsonb, $6 FROM unnest($7::text[]) AS target
                RETURNING id, target_region
                """, connection, transaction);
            AddRecord(outbox, record);
            outbox.Parameters.Add(new NpgsqlParameter { Value = peers.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var reader = await outbox.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) owed[reader.GetString(1)] = reader.GetInt64(0);
        }
        await transaction.CommitAsync(cancellationToken);
        return owed;
    }

    /// <summary>
    /// Applies a copy from another region when it is newer than what this region holds, and tells this
    /// region's silos (NOTIFY) so an activation holding the older state is dropped. True when applied;
    /// false when this region already had it or something newer (a late or repeated copy changes nothing).
    /// </summary>
    public async Task<bool> ApplyAsync(ReplicaRecord record, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH applied AS (
                INSERT INTO netflix_replicated_state (state_name, grain_id, version, origin_region, payload, origin_written_at)
                VALUES ($1, $2, $3, $4, $5::jsonb, $6)
                ON CONFLICT (state_name, grain_id) DO UPDATE
                SET version = EXCLUDED.version, origin_region = EXCLUDED.origin_region, payload = EXCLUDED.payload,
                    origin_written_at = EXCLUDED.origin_written_at, applied_at = clock_timestamp()
                WHERE (netflix_replicated_state.version, netflix_replicated_state.origin_region COLLATE "C")
                    < (EXCLUDED.version, EXCLUDED.origin_region COLLATE "C")
                RETURNING state_name, grain_id)
            SELECT count(*) FROM (SELECT pg_notify('{ChangeChannel}', state_name || ' ' || grain_id) FROM applied) AS notified
            """);
        AddRecord(command, record);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    /// <summary>The oldest copies owed to <paramref name="target"/>, in write order.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> OwedAsync(string target, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, state_name, grain_id, version, origin_region, payload::text, origin_written_at
            FROM netflix_replication_outbox WHERE target_region = $1 ORDER BY id LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = target });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var entries = new List<OutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new OutboxEntry(reader.GetInt64(0), target, new ReplicaRecord(reader.GetString(1), reader.GetString(2),
                new ReplicaVersion(reader.GetInt64(3), reader.GetString(4)), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6))));
        }
        return entries;
    }

    public async Task SettleAsync(IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken)
    {
        if (outboxIds.Count == 0) return;
        await using var command = dataSource.CreateCommand("DELETE FROM netflix_replication_outbox WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = outboxIds.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Copies owed, per target region: how many and since when.</summary>
    public async Task<IReadOnlyList<(string Target, long Count, DateTimeOffset Oldest)>> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT target_region, count(*), min(origin_written_at) FROM netflix_replication_outbox GROUP BY target_region ORDER BY target_region
            """);
        var backlog = new List<(string, long, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) backlog.Add((reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return backlog;
    }

    /// <summary>
    /// Replication lag as this region saw it: for copies applied here from each other region within
    /// <paramref name="window"/>, the time from the origin's commit to this region's, p50, p99 and max, in ms.
    /// </summary>
    public async Task<IReadOnlyList<(string Origin, long Copies, double P50Ms, double P99Ms, double MaxMs)>> LagAsync(TimeSpan window,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT origin_region, count(*),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag_ms), max(lag_ms)
            FROM (SELECT origin_region, extract(epoch FROM applied_at - origin_written_at) * 1000 AS lag_ms
                  FROM netflix_replicated_state WHERE origin_region <> $1 AND applied_at > clock_timestamp() - $2) AS copies
            GROUP BY origin_region ORDER BY origin_region
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = Region });
        command.Parameters.Add(new NpgsqlParameter { Value = window });
        var lags = new List<(string, long, double, double, double)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            lags.Add((reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), Convert.ToDouble(reader.GetValue(4))));
        return lags;
    }

    private static void AddRecord(NpgsqlCommand command, ReplicaRecord record)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = record.StateName });
        command.Parameters.Add(new NpgsqlParameter { Value = record.GrainId });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Version.Clock });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Version.Region });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.Payload ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = record.WrittenAt.ToUniversalTime() });
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
