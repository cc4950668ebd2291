using Orleans.Netflix.Grains.Common;
using Npgsql;
using NpgsqlTypes;

namespace Orleans.Netflix.Silo.Replication;

/// <summary>
/// The replicated rows of one region's PostgreSQL database (<c>netflix_replicated_state</c> and its outbox,
/// from Database/Netflix/Netflix-Replication.sql): the home region's own writes, and copies applied from
/// other regions. A state with a merge (<see cref="ReplicaMerges"/>, member data) merges every copy and every write over a
/// row that moved on into the row; any other state keeps the newest version whole.
/// </summary>
public sealed class ReplicaStore(string region, NpgsqlDataSource dataSource, ReplicaMerges merges, TimeSpan maxClockDrift) : IAsyncDisposable
{
    /// <summary>The PostgreSQL channel a region's silos listen on to drop activations a newer copy made stale.</summary>
    public const string ChangeChannel = "netflix_replica";

    public string Region { get; } = region;

    /// <summary>Connections this store may hold to one region's database (replicated reads and writes, outbox shipping).</summary>
    public const int MaxPoolSize = 40;

    /// <summary>How many times a write or copy racing another one to create the same row starts over.</summary>
    private const int InsertRaces = 3;

    public static ReplicaStore Open(string region, string connectionString, ReplicaMerges? merges = null, TimeSpan? maxClockDrift = null) =>
        new(region, NpgsqlPools.Create(connectionString, MaxPoolSize), merges ?? ReplicaMerges.None, maxClockDrift ?? HybridLogicalClock.DefaultMaxDrift);

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
    /// Writes the home region's new version over <paramref name="expected"/> (null: no row yet) and owes a copy to each of
    /// <paramref name="peers"/>, in one transaction. When the row moved on (a copy from another region arrived since the
    /// grain read it), a mergeable state is merged with it and written above both versions; any other state is refused:
    /// null. Returns what was stored (the record, or the merge) and the outbox id per peer.
    /// </summary>
    public async Task<HomeWrite?> WriteAsync(ReplicaRecord record, ReplicaVersion? expected, IReadOnlyCollection<string> peers,
        CancellationToken cancellationToken)
    {
        var mergeable = merges.TryGet(record.StateName, out var merge) && record.Payload is not null;
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            ReplicaRecord stored;
            if (!mergeable)
            {
                if (!await CompareAndWriteAsync(connection, transaction, record, expected, cancellationToken)) return null;
                stored = record;
            }
            else
            {
                var row = await LockAsync(connection, transaction, record.StateName, record.GrainId, cancellationToken);
                if (row.Current is null)
                {
                    if (!await InsertAsync(connection, transaction, record, cancellationToken))
                    {
                        if (attempt < InsertRaces) continue;
                        return null;
                    }
                    stored = record;
                }
                else if (row.Current.Version == expected)
                {
                    await UpdateAsync(connection, transaction, record, cancellationToken);
                    stored = record;
                }
                else if (row.Current.Payload is null)
                {
                    return null; // cleared since: nothing to merge with
                }
                else
                {
                    var merged = merge(row.Current.Payload, record.Payload!);
                    stored = record with
                    {
                        Payload = merged.Payload,
                        Version = new ReplicaVersion(Math.Max(record.Version.Clock, row.Current.Version.Clock + 1), record.Version.Region),
                    };
                    await UpdateAsync(connection, transaction, stored, cancellationToken);
                }
            }

            var owed = new Dictionary<string, long>(StringComparer.Ordinal);
            if (peers.Count > 0)
            {
                await using var outbox = new NpgsqlCommand("""
                    INSERT INTO netflix_replication_outbox (target_region, state_name, grain_id, version, origin_region, payload, origin_written_at)
                    SELECT target, $1, $2, $3, $4, $5::jsonb, $6 FROM unnest($7::text[]) AS target
                    RETURNING id, target_region
                    """, connection, transaction);
                AddRecord(outbox, stored);
                outbox.Parameters.Add(new NpgsqlParameter { Value = peers.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                await using var reader = await outbox.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) owed[reader.GetString(1)] = reader.GetInt64(0);
            }
            await transaction.CommitAsync(cancellationToken);
            return new HomeWrite(stored, owed);
        }
    }

    /// <summary>
    /// Takes in a copy from another region and tells this region's silos (NOTIFY) so an activation holding the older
    /// state is dropped. A mergeable state is merged into the row (a copy it already holds changes nothing); any other
    /// state replaces the row only when its version is higher (a late or repeated copy changes nothing). A copy stamped
    /// more than the maximum clock drift ahead of this database's clock is refused with <see cref="ClockDriftException"/>
    /// and stays owed.
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(ReplicaRecord record, CancellationToken cancellationToken)
    {
        if (merges.TryGet(record.StateName, out var merge) && record.Payload is not null)
            return await MergeCopyAsync(record, merge, cancellationToken);

        await using var command = dataSource.CreateCommand($"""
            WITH now AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms),
            applied AS (
                INSERT INTO netflix_replicated_state (state_name, grain_id, version, origin_region, payload, origin_written_at)
                SELECT $1, $2, $3, $4, $5::jsonb, $6 FROM now WHERE ($3 >> 16) <= now.ms + $7
                ON CONFLICT (state_name, grain_id) DO UPDATE
                SET version = EXCLUDED.version, origin_region = EXCLUDED.origin_region, payload = EXCLUDED.payload,
                    origin_written_at = EXCLUDED.origin_written_at, applied_at = clock_timestamp()
                WHERE (netflix_replicated_state.version, netflix_replicated_state.origin_region COLLATE "C")
                    < (EXCLUDED.version, EXCLUDED.origin_region COLLATE "C")
                RETURNING state_name, grain_id)
            SELECT (SELECT count(*) FROM (SELECT pg_notify('{ChangeChannel}', state_name || ' ' || grain_id) FROM applied) AS notified),
                   (SELECT ms FROM now)
            """);
        AddRecord(command, record);
        command.Parameters.Add(new NpgsqlParameter { Value = (long)maxClockDrift.TotalMilliseconds });
        DateTimeOffset now;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            now = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
            if (reader.GetInt64(0) > 0) return new ApplyResult(ApplyOutcome.Applied, now);
        }
        if (HybridLogicalClock.IsAhead(record.Version.Clock, now, maxClockDrift)) throw new ClockDriftException(Region, record.Version, now, maxClockDrift);
        // Not applied: the row holds this version (a repeat, or the same copy shipped at the same moment) or a newer one.
        // Read after the statement, since a copy of this very version committing alongside is not in the statement's snapshot.
        var held = await ReadAsync(record.StateName, record.GrainId, cancellationToken);
        return new ApplyResult(held is not null && held.Version > record.Version ? ApplyOutcome.Superseded : ApplyOutcome.AlreadyHeld, now);
    }

    private async Task<ApplyResult> MergeCopyAsync(ReplicaRecord record, Func<string, string, MergedPayload> merge, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var row = await LockAsync(connection, transaction, record.StateName, record.GrainId, cancellationToken);
            if (HybridLogicalClock.IsAhead(record.Version.Clock, row.Now, maxClockDrift)) throw new ClockDriftException(Region, record.Version, row.Now, maxClockDrift);
            ApplyOutcome outcome;
            if (row.Current is null)
            {
                if (!await InsertAsync(connection, transaction, record, cancellationToken))
                {
                    if (attempt < InsertRaces) continue;
                    throw new InvalidOperationException($"{record.StateName} {record.GrainId}: lost {InsertRaces} races to create the row");
                }
                outcome = ApplyOutcome.Applied;
            }
            else if (row.Current.Payload is null)
            {
                if (row.Current.Version > record.Version) return new ApplyResult(ApplyOutcome.Superseded, row.Now);
                await UpdateAsync(connection, transaction, record, cancellationToken);
                outcome = ApplyOutcome.Applied;
            }
            else
            {
                var merged = merge(row.Current.Payload, record.Payload!);
                if (!merged.ChangesStored) return new ApplyResult(ApplyOutcome.AlreadyHeld, row.Now);
                // The copy's own version when it simply follows the row (no concurrent write here), so regions agree on it;
                // otherwise one above both, so an activation here that read the row sees its ETag change.
                var version = merged.EqualsIncoming && record.Version > row.Current.Version ? record.Version
                    : new ReplicaVersion(Math.Max(record.Version.Clock, row.Current.Version.Clock) + 1, record.Version.Region);
                await UpdateAsync(connection, transaction, record with { Payload = merged.Payload, Version = version }, cancellationToken);
                outcome = merged.EqualsIncoming ? ApplyOutcome.Applied : ApplyOutcome.Merged;
            }
            await using (var notify = new NpgsqlCommand($"SELECT pg_notify('{ChangeChannel}', $1 || ' ' || $2)", connection, transaction))
            {
                notify.Parameters.Add(new NpgsqlParameter { Value = record.StateName });
                notify.Parameters.Add(new NpgsqlParameter { Value = record.GrainId });
                await notify.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return new ApplyResult(outcome, row.Now);
        }
    }

    /// <summary>The row (locked until the transaction ends; null when there is none) and this database's clock.</summary>
    private static async Task<(ReplicaRecord? Current, DateTimeOffset Now)> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string stateName, string grainId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint, row.version, row.origin_region, row.payload::text, row.origin_written_at
            FROM (SELECT 1) AS one LEFT JOIN LATERAL (
                SELECT version, origin_region, payload, origin_written_at FROM netflix_replicated_state
                WHERE state_name = $1 AND grain_id = $2 FOR UPDATE) AS row ON true
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = stateName });
        command.Parameters.Add(new NpgsqlParameter { Value = grainId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0));
        if (reader.IsDBNull(1)) return (null, now);
        return (new ReplicaRecord(stateName, grainId, new ReplicaVersion(reader.GetInt64(1), reader.GetString(2)),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)), now);
    }

    /// <summary>Writes <paramref name="record"/> if the row still has <paramref name="expected"/> (null: no row yet).</summary>
    private static async Task<bool> CompareAndWriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ReplicaRecord record,
        ReplicaVersion? expected, CancellationToken cancellationToken)
    {
        if (expected is null) return await InsertAsync(connection, transaction, record, cancellationToken);
        await using var write = new NpgsqlCommand("""
            UPDATE netflix_replicated_state
            SET version = $3, origin_region = $4, payload = $5::jsonb, origin_written_at = $6, applied_at = clock_timestamp()
            WHERE state_name = $1 AND grain_id = $2 AND version = $7 AND origin_region = $8
            """, connection, transaction);
        AddRecord(write, record);
        write.Parameters.Add(new NpgsqlParameter { Value = expected.Value.Clock });
        write.Parameters.Add(new NpgsqlParameter { Value = expected.Value.Region });
        return await write.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Creates the row; false when it exists already.</summary>
    private static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ReplicaRecord record,
        CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO netflix_replicated_state (state_name, grain_id, version, origin_region, payload, origin_written_at)
            VALUES ($1, $2, $3, $4, $5::jsonb, $6) ON CONFLICT (state_name, grain_id) DO NOTHING
            """, connection, transaction);
        AddRecord(insert, record);
        return await insert.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Replaces the row (locked by <see cref="LockAsync"/>).</summary>
    private static async Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ReplicaRecord record,
        CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand("""
            UPDATE netflix_replicated_state
            SET version = $3, origin_region = $4, payload = $5::jsonb, origin_written_at = $6, applied_at = clock_timestamp()
            WHERE state_name = $1 AND grain_id = $2
            """, connection, transaction);
        AddRecord(update, record);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>This region's database clock (every region's copies are checked against it).</summary>
    public async Task<DateTimeOffset> ClockAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT clock_timestamp()");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetFieldValue<DateTimeOffset>(0);
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
