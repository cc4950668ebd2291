using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Netflix.Silo.Database;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL server: initdb into a temporary folder, started on a free loopback port
/// with its own socket folder (as the postgres user when we are root, since PostgreSQL refuses to
/// run as root), stopped and deleted on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _binaries;

    private PostgresServer(string folder, string binaries, int port)
    {
        _folder = folder;
        _binaries = binaries;
        Port = port;
    }

    public int Port { get; }

    public string DataFolder => Path.Combine(_folder, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        var binaries = FindBinaries();
        var folder = Path.Combine(Path.GetTempPath(), $"netflix-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        if (IsRoot) await Run("chown", ["postgres:postgres", folder], asPostgres: false);
        var server = new PostgresServer(folder, binaries, FreePort.Next());
        await server.Run("initdb", ["-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"]);
        await server.StartServerAsync();
        return server;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        MaxPoolSize = 40,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Creates <paramref name="database"/> and loads Orleans' schema into it, the way <c>db init</c> does.</summary>
    public async Task<string> CreateRegionDatabaseAsync(string database)
    {
        var connectionString = ConnectionString(database);
        await new SchemaInstaller(NullLogger<SchemaInstaller>.Instance).InitializeAsync(connectionString, CancellationToken.None);
        return connectionString;
    }

    public async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public Task StopServerAsync() => Run("pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "stop"]);

    public async Task StartServerAsync()
    {
        await Run("pg_ctl",
        [
            "-D", DataFolder, "-l", Path.Combine(_folder, "pg.log"), "-w", "-o",
            $"-c listen_addresses=127.0.0.1 -p {Port} -k {_folder} -c fsync=off -c synchronous_commit=off -c max_connections=400", "start",
        ]);
        // Connections pooled in this process before a restart are dead; the next user would get one.
        NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await Run("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped by a test.
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task Run(string tool, string[] args) => Run(Path.Combine(_binaries, tool), args, asPostgres: IsRoot);

    private static async Task Run(string program, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program }) start.ArgumentList.Add(a);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
    }

    /// <summary>The folder holding initdb and pg_ctl: PATH first, then Debian's versioned folders.</summary>
    private static string FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
               ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) not found: install the postgresql package (scripts/test.sh does)");
    }
}
