using System.Data.Common;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Common;

/// <summary>
/// Recognises a failure of the region's database (any ADO.NET provider's <see cref="DbException"/>, however deep Orleans
/// wrapped it) and says it as a <see cref="StorageUnavailableException"/>. Npgsql's exceptions cannot cross to a client
/// (Orleans has no codec for them: the caller would get "Could not find a codec for type Npgsql.NpgsqlException"), and
/// their text, once Orleans wraps it, carries a whole stack trace.
/// </summary>
public static class DatabaseFailures
{
    public static StorageUnavailableException? Translate(Exception exception, string operation)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StorageUnavailableException already) return already;
            if (e is DbException database) return new StorageUnavailableException(operation, Reason(database));
        }
        return null;
    }

    /// <summary>The database's message, and what lies under it when that says more ("Failed to connect to …: Connection refused").</summary>
    private static string Reason(DbException database) =>
        database.InnerException is { } inner and not DbException && !database.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{database.Message}: {inner.Message}"
            : database.Message;
}
