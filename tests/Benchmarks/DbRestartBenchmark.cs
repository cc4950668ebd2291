using System.Diagnostics;
using System.Reflection;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Silo;

namespace Orleans.Netflix.Benchmarks;

/// <summary>What one db-restart run saw; <see cref="Timeline"/> holds every call and the figures derived from them.</summary>
/// <param name="StopTook">How long <c>pg_ctl stop -m fast</c> took (the server refuses new connections from its start).</param>
/// <param name="StartTook">How long <c>pg_ctl start -w</c> took until the server accepted connections.</param>
/// <param name="SilosRestarted">Silo processes that exited during the run (none should: nobody restarts them).</param>
/// <param name="MembershipNotActive">Membership rows of the region not Active at the end (a silo declared dead would be one).</param>
public sealed record DbRestartResult(DbRestartOptions Options, OutageTimeline Timeline, TimeSpan StopTook, TimeSpan StartTook, int AcknowledgedWrites,
    int AcknowledgedSessions, IReadOnlyList<string> Lost, int SilosRestarted, long MembershipActive, long MembershipNotActive)
{
    /// <summary>Successful calls per second from the load running as before again until the end, against the rate before.</summary>
    public double RateAfterVsBefore
    {
        get
        {
            if (Timeline.RecoveredAfter is not { } recovered) return double.NaN;
            var from = Timeline.StartedAt + recovered;
            var to = Timeline.Calls.Max(c => c.Ended);
            return Timeline.Succeeded(from, to) / (to - from).TotalSeconds / Timeline.RateBefore;
        }
    }
}

/// <summary>
/// One region of silo processes (as deployed: <c>Silo --region us-east --connection-string …</c>) on a throw-away
/// PostgreSQL server, under <see cref="PlayAndWriteLoad"/> through an external client: players pressing play, heartbeating
/// and stopping, writers setting resume points. After the warm-up and the baseline the server is stopped
/// (<c>pg_ctl stop -m fast</c>: sessions terminated), left down for the outage and started again on the same port and data
/// folder. Reports the error window, how long failed calls took, when the load ran as before (rate back to 90%), every
/// acknowledged write read back, and whether any silo exited or left the membership.
/// </summary>
public static class DbRestartBenchmark
{
    private const string Region = "us-east";
    private const string TitleId = "t-db-restart";
    private const string Database = "netflix_db_restart";

    public static async Task<DbRestartResult> RunAsync(DbRestartOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        await using var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateRegionDatabaseAsync(Database);
        var silos = new List<ServerProcess>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var gateways = new List<int>();
            for (var i = 0; i < options.Silos; i++)
            {
                var gateway = FreePort.Next();
                gateways.Add(gateway);
                silos.Add(ServerProcess.Start($"silo {i}", "dotnet",
                    [SiloDll, "--region", Region, "--connection-string", connectionString, "--silo-port", FreePort.Next().ToString(), "--gateway-port", gateway.ToString(),
                     "--origin-port", "0"],
                    new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Development", ["NO_COLOR"] = "1", ["Netflix__DatabaseTimeout"] = "00:00:30" }));
            }
            foreach (var silo in silos) await silo.WaitForOutputAsync(SiloProgram.ReadyMarker, TimeSpan.FromSeconds(120), cancellationToken);
            log.WriteLine($"{silos.Count} silo processes ready on PostgreSQL port {server.Port}");

            await using var connection = await ClusterConnection.ConnectAsync(
                new ClientOptions { Region = Region, Gateways = [.. gateways.Select(g => $"127.0.0.1:{g}")], ConnectTimeout = TimeSpan.FromSeconds(60) }, cancellationToken);
            var grains = connection.Client;
            await PlayableRegion.PrepareAsync(grains, Region, TitleId);
            var edge = PlayableRegion.KeepEdgeRegisteredAsync(grains, Region, stop.Token);
            var load = await PlayAndWriteLoad.PrepareAsync(grains, TitleId, Region, "bench");

            var running = load.Run(stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds + options.BaselineSeconds), cancellationToken);
            var stoppedAt = load.Now;
            var clock = Stopwatch.StartNew();
            await server.StopServerAsync();
            var stopTook = clock.Elapsed;
            log.WriteLine($"PostgreSQL stopped at {stoppedAt.TotalSeconds:0.0} s (took {stopTook.TotalSeconds:0.00} s); down for {options.OutageSeconds} s");
            await Task.Delay(TimeSpan.FromSeconds(options.OutageSeconds), cancellationToken);
            clock.Restart();
            await server.StartServerAsync();
            var startTook = clock.Elapsed;
            var startedAt = load.Now;
            log.WriteLine($"PostgreSQL answering again at {startedAt.TotalSeconds:0.0} s (start took {startTook.TotalSeconds:0.00} s)");
            await Task.Delay(TimeSpan.FromSeconds(options.AfterSeconds), cancellationToken);
            await stop.CancelAsync();
            await running;
            await edge;

            var timeline = new OutageTimeline(load.Calls, stoppedAt, startedAt, TimeSpan.FromSeconds(options.BaselineSeconds));
            log.WriteLine($"reading back {load.AcknowledgedWrites} resume points and {load.AcknowledgedSessions} sessions");
            var lost = await load.LostAsync();
            return new DbRestartResult(options, timeline, stopTook, startTook, load.AcknowledgedWrites, load.AcknowledgedSessions, lost,
                silos.Count(s => s.HasExited),
                await server.ScalarAsync(Database, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3"),
                await server.ScalarAsync(Database, "SELECT count(*) FROM orleansmembershiptable WHERE status <> 3"));
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    private static string SiloDll
    {
        get
        {
            var configuration = typeof(DbRestartBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var root = AppContext.BaseDirectory;
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Orleans.Netflix.sln"))) root = dir.FullName;
            }
            var path = Path.Combine(root, "Silo", "bin", configuration, "net10.0", "Orleans.Netflix.Silo.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"the Silo is not built ({path}); run: dotnet build -c {configuration} tests/Benchmarks/Benchmarks.csproj", path);
        }
    }
}
