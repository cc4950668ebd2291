using System.Reflection;
using System.Security.Cryptography;

namespace Orleans.Netflix.Silo.Database;

/// <summary>
/// Orleans' own PostgreSQL scripts (third-party, MIT, see Database/Orleans/LICENSE), embedded in the
/// order they must run: Main creates the query table the others insert into.
/// </summary>
public static class OrleansSchema
{
    private static readonly string[] Order =
    [
        "PostgreSQL-Main.sql",
        "PostgreSQL-Clustering.sql",
        "PostgreSQL-Persistence.sql",
        "PostgreSQL-Reminders.sql",
    ];

    public sealed record Script(string Name, string Sql, string Sha256);

    public static IReadOnlyList<Script> Scripts { get; } = Order.Select(Load).ToArray();

    /// <summary>Queries the 10.x providers look up at start; a database without them fails late and obscurely.</summary>
    public static readonly string[] RequiredQueryKeys =
    [
        "MembershipReadAllKey",
        "CleanupDefunctSiloEntriesKey",
        "WriteToStorageKey",
        "UpsertReminderRowKey",
    ];

    /// <summary>An embedded SQL script by file name.</summary>
    internal static Script Load(string name)
    {
        var assembly = typeof(OrleansSchema).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var sql = reader.ReadToEnd();
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sql)));
        return new Script(name, sql, hash);
    }
}

/// <summary>Our own tables (ours, not Orleans'), applied after Orleans' scripts in this order.</summary>
public static class NetflixSchema
{
    public static IReadOnlyList<OrleansSchema.Script> Scripts { get; } =
        [OrleansSchema.Load("Netflix-Replication.sql"), OrleansSchema.Load("Netflix-Analytics.sql"), OrleansSchema.Load("Netflix-Origins.sql")];

    /// <summary>Tables every silo on PostgreSQL needs; a database without one was initialised by an older <c>db init</c>.</summary>
    public static readonly string[] RequiredTables = ["netflix_replicated_state", "netflix_analytics_events", "netflix_origin_endpoints"];
}
