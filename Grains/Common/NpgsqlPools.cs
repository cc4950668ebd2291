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

    public static NpgsqlDataSource Create(string connectionString, int defaultMaxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql's own builder claims every keyword it knows; a generic one holds only what the string says.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!PoolSizeKeywords.Any(given.ContainsKey)) builder.MaxPoolSize = defaultMaxPoolSize;
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }
}
