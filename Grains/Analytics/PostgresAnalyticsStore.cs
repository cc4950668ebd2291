using Orleans.Netflix.Grains.Common;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orleans.Netflix.Analytics;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// The analytics log in the region's PostgreSQL database (<c>netflix_analytics_events</c>, from
/// Silo/Database/Netflix/Netflix-Analytics.sql). A batch is one INSERT over unnest()ed arrays that skips event ids
/// already stored; every counter is computed in SQL.
/// </summary>
public sealed class PostgresAnalyticsStore(NpgsqlDataSource dataSource) : IAnalyticsStore, ITimedPlayCounts, IAsyncDisposable
{
    /// <summary>Rows per INSERT: a large import is written in several statements of this size.</summary>
    public const int RowsPerStatement = 2_000;

    private static readonly JsonSerializerOptions QoeJson = new(JsonSerializerDefaults.Web);

    /// <summary>Connections the analytics log may hold: its writer sends one batch at a time, reads are occasional.</summary>
    public const int MaxPoolSize = 10;

    public static PostgresAnalyticsStore Open(string connectionString) => new(NpgsqlPools.Create(connectionString, MaxPoolSize));

    public async Task<int> Append(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var added = 0;
        for (var offset = 0; offset < events.Count; offset += RowsPerStatement)
        {
            var chunk = events.Skip(offset).Take(RowsPerStatement).ToArray();
            await using var command = dataSource.CreateCommand("""
                INSERT INTO netflix_analytics_events
                    (event_id, kind, occurred_at, region, member_id, title_id, artwork_id, row_name, row_position, session_id, position_ms, qoe)
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                                     $9::integer[], $10::text[], $11::bigint[], $12::jsonb[])
                ON CONFLICT (event_id) DO NOTHING
                """);
            Add(command, chunk.Select(e => e.EventId).ToArray(), NpgsqlDbType.Uuid);
            Add(command, chunk.Select(e => e.Kind.ToString()).ToArray(), NpgsqlDbType.Text);
            Add(command, chunk.Select(e => e.At.ToUniversalTime()).ToArray(), NpgsqlDbType.TimestampTz);
            Add(command, chunk.Select(e => e.Region).ToArray(), NpgsqlDbType.Text);
            Add(command, chunk.Select(e => e.MemberId).ToArray(), NpgsqlDbType.Text);
            Add(command, chunk.Select(e => e.TitleId).ToArray(), NpgsqlDbType.Text);
            Add(command, chunk.Select(e => e.ArtworkId).ToArray(), NpgsqlDbType.Text);
            Add(command, chunk.Select(e => e.Row).ToArray(), NpgsqlDbType.Text);
            Add(command, chunk.Select(e => e.RowPosition).ToArray(), NpgsqlDbType.Integer);
            Add(command, chunk.Select(e => e.SessionId).ToArray(), NpgsqlDbType.Text);
            Add(command, chunk.Select(e => e.Position is { } p ? (long?)(long)p.TotalMilliseconds : null).ToArray(), NpgsqlDbType.Bigint);
            Add(command, chunk.Select(e => e.Qoe is { } q ? JsonSerializer.Serialize(q, QoeJson) : null).ToArray(), NpgsqlDbType.Jsonb);
            added += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return added;
    }

    public async Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                // QoE means follow QoeSummary.RebufferRatio: rebuffering over rebuffering plus playing, 0 when both are 0.
                new NpgsqlBatchCommand("""
                    SELECT count(*) FILTER (WHERE kind = 'Impression'),
                           count(*) FILTER (WHERE kind = 'PlayStart'),
                           count(*) FILTER (WHERE kind = 'PlayStop'),
                           count(*) FILTER (WHERE kind = 'Qoe'),
                           count(DISTINCT member_id),
                           coalesce(avg(coalesce((qoe->>'rebufferSeconds')::float8
                                / nullif((qoe->>'playedSeconds')::float8 + (qoe->>'rebufferSeconds')::float8, 0), 0))
                                FILTER (WHERE kind = 'Qoe' AND qoe IS NOT NULL), 0),
                           coalesce(avg((qoe->>'meanBitrateKbps')::float8) FILTER (WHERE kind = 'Qoe' AND qoe IS NOT NULL), 0)
                    FROM netflix_analytics_events WHERE title_id = $1
                    """) { Parameters = { new NpgsqlParameter { Value = titleId } } },
                // An impression is taken when the same member started the title at or after it, within the window.
                new NpgsqlBatchCommand("""
                    SELECT i.artwork_id,
                           count(*),
                           count(*) FILTER (WHERE EXISTS (
                               SELECT 1 FROM netflix_analytics_events p
                               WHERE p.title_id = i.title_id AND p.kind = 'PlayStart' AND p.member_id = i.member_id
                                 AND p.occurred_at >= i.occurred_at AND p.occurred_at <= i.occurred_at + $2))
                    FROM netflix_analytics_events i
                    WHERE i.title_id = $1 AND i.kind = 'Impression' AND i.artwork_id IS NOT NULL
                    GROUP BY i.artwork_id
                    """) { Parameters = { new NpgsqlParameter { Value = titleId }, new NpgsqlParameter { Value = takeWindow, NpgsqlDbType = NpgsqlDbType.Interval } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (impressions, starts, stops, qoe, members) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        var (rebuffer, bitrate) = (reader.GetDouble(5), reader.GetDouble(6));
        await reader.NextResultAsync(cancellationToken);
        var artwork = new List<ArtworkCounters>();
        while (await reader.ReadAsync(cancellationToken)) artwork.Add(new ArtworkCounters(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return new TitleStats(titleId, impressions, starts, stops, qoe, members, rebuffer, bitrate,
            [.. artwork.OrderBy(a => a.ArtworkId, StringComparer.Ordinal)], takeWindow);
    }

    public async Task<IReadOnlyList<MemberTitlePlays>> PlayCounts(CancellationToken cancellationToken) =>
        [.. (await TimedPlayCounts(cancellationToken)).Select(p => p.Plays)];

    public async Task<IReadOnlyList<TimedMemberTitlePlays>> TimedPlayCounts(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH plays AS (SELECT member_id, title_id, region, occurred_at FROM netflix_analytics_events WHERE kind = 'PlayStart'),
                 latest AS (SELECT DISTINCT ON (member_id) member_id, region, occurred_at FROM plays
                            ORDER BY member_id, occurred_at DESC, region COLLATE "C" DESC)
            SELECT p.member_id, p.title_id, l.region, count(*)::integer, l.occurred_at
            FROM plays p JOIN latest l USING (member_id)
            GROUP BY p.member_id, p.title_id, l.region, l.occurred_at
            """);
        var counts = new List<TimedMemberTitlePlays>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new TimedMemberTitlePlays(new MemberTitlePlays(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return [.. counts.OrderBy(c => c.Plays.MemberId, StringComparer.Ordinal).ThenBy(c => c.Plays.TitleId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT title_id, count(*) FROM netflix_analytics_events
            WHERE region = $1 AND kind = 'PlayStart' AND occurred_at >= $2
            GROUP BY title_id ORDER BY count(*) DESC, title_id COLLATE "C" LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = region });
        command.Parameters.Add(new NpgsqlParameter { Value = since.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Max(0, limit) });
        var trending = new List<TitlePlays>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) trending.Add(new TitlePlays(reader.GetString(0), reader.GetInt64(1)));
        return trending;
    }

    private static void Add<T>(NpgsqlCommand command, T[] values, NpgsqlDbType elementType) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | elementType });

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
