using System.Runtime.CompilerServices;
using Npgsql;

namespace Orleans.Netflix.Grains.Common;

/// <summary>
/// Data sources for our own PostgreSQL stores with a bounded pool. Each data source pools apart from Orleans' ADO.NET
/// providers (which pool by connection string, up to Npgsql's default of 100), so without a cap a burst of parallel
/// grain calls (a seed import fans out 500 member reads at once) could open several hundred connections from one silo
/// and meet the server's max_connections ("53300: sorry, too many clients already"). A Maximum Pool Size given in the
/// connection string wins.
/// </summary>
public static class NpgsqlPools
{
    private static readonly string[] PoolSizeKeywords = ["Maximum Pool Size", "Max Pool Size", "MaxPoolSize"];

    /// <summary>Every data source made here, for <see cref="ClearAll"/>; weakly, so a disposed and dropped one goes.</summary>
    private static readonly ConditionalWeakTable<NpgsqlDataSource, object?> Created = new();

    public static NpgsqlDataSource Create(string connectionString, int defaultMaxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql's own builder claims every keyword it knows; a generic one holds only what the string says.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!PoolSizeKeywords.Any(given.ContainsKey)) builder.MaxPoolSize = defaultMaxPoolSize;
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        Created.AddOrUpdate(source, null);
        return source;
    }

    /// <summary>
    /// Closes every idle pooled connection in this process, ours and Orleans' ADO.NET providers' (pooled by connection
    /// string), and marks busy ones to close when returned. For when the server went away: Npgsql does not test a
    /// connection it hands out of its pool, so each connection idle across a restart of the server would otherwise fail the
    /// next call made on it ("57P01: terminating connection due to administrator command") after the server is back.
    /// </summary>
    public static void ClearAll()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var (source, _) in Created)
        {
            try
            {
                source.Clear();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
