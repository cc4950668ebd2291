using System.Data.Common;
using System.Net.Sockets;
using Npgsql;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Common;

/// <summary>
/// Recognises a failure of the region's database (any ADO.NET provider's <see cref="DbException"/>, however deep Orleans
/// wrapped it) and says it as a <see cref="StorageUnavailableException"/>. Npgsql's exceptions cannot cross to a client
/// (Orleans has no codec for them: the caller would get "Could not find a codec for type Npgsql.NpgsqlException"), and
/// their text, once Orleans wraps it, carries a whole stack trace. When the failure says the server went away (shut down,
/// starting up, connection refused or broken), every pool is cleared (<see cref="NpgsqlPools.ClearAll"/>), so no
/// connection made before the outage is handed out after it.
/// </summary>
public static class DatabaseFailures
{
    public static StorageUnavailableException? Translate(Exception exception, string operation)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StorageUnavailableException already) return already;
            if (e is not DbException database) continue;
            if (ServerWentAway(database)) NpgsqlPools.ClearAll();
            return new StorageUnavailableException(operation, Reason(database));
        }
        return null;
    }

    /// <summary>
    /// PostgreSQL's "operator intervention" (57P01 shut down, 57P02 crashed, 57P03 starting up) and "connection exception"
    /// (08) classes, or a connection Npgsql could not open or lost underneath (a socket or stream error).
    /// </summary>
    public static bool ServerWentAway(DbException database) => database switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.InnerException is SocketException or IOException,
        _ => false,
    };

    /// <summary>The database's message, and what lies under it when that says more ("Failed to connect to …: Connection refused").</summary>
    private static string Reason(DbException database) =>
        database.InnerException is { } inner and not DbException && !database.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{database.Message}: {inner.Message}"
            : database.Message;
}
