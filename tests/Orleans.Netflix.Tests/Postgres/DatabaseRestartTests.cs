using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Common;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>
/// A region's PostgreSQL server stopped for 5 s and started again while members press play, heartbeat and write: the
/// silo processes ride it out (nobody restarts them, membership declares nobody dead), callers see quick errors only
/// around the outage, and every write acknowledged before, during or after is there at the end.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private const string Region = "us-east";
    private const string TitleId = "t-db-restart";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long after the server answers again a call may still fail: generous, for a loaded machine. What the recovery
    /// takes is measured by the db-restart benchmark; here it only has to end.
    /// </summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    /// <summary>No failed call may take longer to say so (Npgsql's connect timeout of the test's connection string is 5 s).</summary>
    private static readonly TimeSpan QuickFailure = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PostgresStoppedFor5sUnderLoad_SilosRideItOut_ErrorsOnlyAroundTheOutage_AndNoAcknowledgedWriteIsLost()
    {
        // A server of its own, so stopping it disturbs no other test.
        await using var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateRegionDatabaseAsync("netflix_db_restart");
        var gateways = new[] { FreePort.Next(), FreePort.Next() };
        var silos = new List<RunningApp>();
        using var stop = new CancellationTokenSource();
        try
        {
            silos.AddRange(await Task.WhenAll(gateways.Select(gateway => BuiltApp.Silo.StartAsync(
                ["--region", Region, "--connection-string", connectionString, "--silo-port", FreePort.Next().ToString(), "--gateway-port", gateway.ToString(),
                 "--origin-port", "0"],
                SiloProgram.ReadyMarker, TimeSpan.FromSeconds(90), new Dictionary<string, string> { ["Netflix__DatabaseTimeout"] = "00:00:30" }))));
            await using var connection = await ClusterConnection.ConnectAsync(
                new ClientOptions { Region = Region, Gateways = [.. gateways.Select(g => $"127.0.0.1:{g}")] }, CancellationToken.None);
            var grains = connection.Client;
            await Eventually.TrueAsync(async () => await server.ScalarAsync("netflix_db_restart",
                "SELECT count(*) FROM orleansmembershiptable WHERE status = 3") == 2, seconds: 60);
            await PlayableRegion.PrepareAsync(grains, Region, TitleId);
            var edge = PlayableRegion.KeepEdgeRegisteredAsync(grains, Region, stop.Token);
            var load = await PlayAndWriteLoad.PrepareAsync(grains, TitleId, Region, "dbr");

            var running = load.Run(stop.Token);
            await Eventually.TrueAsync(() => Task.FromResult(load.Now >= TimeSpan.FromSeconds(10) && load.AcknowledgedSessions >= 20), seconds: 120);
            var stoppedAt = load.Now;
            await server.StopServerAsync();
            await Task.Delay(Outage);
            await server.StartServerAsync();
            var startedAt = load.Now;
            // Long enough after the restart to see the load settle: every kind of call succeeding again, many times over.
            await Eventually.TrueAsync(() =>
            {
                var seen = new OutageTimeline(load.Calls, stoppedAt, startedAt, stoppedAt);
                var settledFrom = seen.Failures.Count == 0 ? startedAt : seen.Failures[^1].Ended;
                return Task.FromResult(load.Now >= startedAt + TimeSpan.FromSeconds(10)
                                       && PlayAndWriteLoad.Kinds.All(k => seen.Succeeded(settledFrom, load.Now, k) >= 20));
            }, seconds: (int)(RecoveryBound + TimeSpan.FromSeconds(60)).TotalSeconds);
            await stop.CancelAsync();
            await running;
            await edge;

            var timeline = new OutageTimeline(load.Calls, stoppedAt, startedAt, stoppedAt);
            Report(timeline);
            var failures = timeline.Failures;
            Assert.NotEmpty(failures); // the outage was felt: writes need the database
            var outside = timeline.FailuresOutside(RecoveryBound);
            Assert.True(outside.Count == 0, $"{outside.Count} calls failed outside the outage (stopped at {stoppedAt}, started at {startedAt}): " +
                                            string.Join("; ", outside.Take(5)));
            var unclear = timeline.UnclearFailures;
            Assert.True(unclear.Count == 0, $"{unclear.Count} failures were not a {nameof(StorageUnavailableException)}: {string.Join("; ", unclear.Take(5))}");
            Assert.True(timeline.SlowestFailure <= QuickFailure, $"a failed call took {timeline.SlowestFailure} to fail");
            // As before: every call succeeded before the stop, and after the last error every kind of call succeeded again, at
            // least 20 times each (the wait above), with nothing failing since.
            Assert.Equal(1.0, timeline.SuccessRate(TimeSpan.Zero, stoppedAt));

            var lost = await load.LostAsync();
            output.WriteLine($"{load.AcknowledgedWrites} resume points and {load.AcknowledgedSessions} sessions acknowledged; {lost.Count} lost");
            Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes lost: {string.Join("; ", lost.Take(20))}");

            // The same two silos, never restarted, both still active members; membership declared nobody dead.
            Assert.All(silos, s => Assert.False(s.HasExited, s.Output));
            Assert.Equal(2, await server.ScalarAsync("netflix_db_restart", "SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));
            Assert.Equal(0, await server.ScalarAsync("netflix_db_restart", "SELECT count(*) FROM orleansmembershiptable WHERE status <> 3"));
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    private void Report(OutageTimeline timeline)
    {
        output.WriteLine($"stopped at {timeline.StoppedAt}, started at {timeline.StartedAt}; {timeline.Calls.Count} calls, {timeline.Failures.Count} failed " +
                         $"between {timeline.ErrorWindow?.First} and {timeline.ErrorWindow?.Last}; slowest failure {timeline.SlowestFailure}; " +
                         $"{timeline.RateBefore:0}/s before; as before {timeline.RecoveredAfter} after the restart");
        // One line per kind of call and reason, with one example.
        foreach (var kind in timeline.Failures.GroupBy(f => (f.Kind, Reason: System.Text.RegularExpressions.Regex.Match(f.Error!, @"\(([^()]*)\)[^()]*$").Groups[1].Value))
                     .OrderByDescending(g => g.Count()))
            output.WriteLine($"{kind.Count()} x {kind.Key.Kind} [{kind.Min(f => f.Ended)}..{kind.Max(f => f.Ended)}]: {kind.First().Error}");
    }
}
