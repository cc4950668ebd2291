using System.Text.Json;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>The evacuation drill: clients leave the evacuated region within seconds and come back when it is restored.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DrillTests(PostgresFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Evacuate_MovesEveryPlayingClient_AndRestore_BringsThemBack()
    {
        await using var regions = await StartRegionsAsync("drill");
        var links = new TestRegionLinks(regions);
        await using var players = await SimulatedPlayers.StartAsync(links, "us-east", "t-drill", 5, "drill");
        Assert.All(players.Routers, r => Assert.Equal("us-east", r.Current));

        var drill = new DrillRunner(links);
        var evacuation = await drill.RunAsync(evacuate: true, "us-east", TimeSpan.FromSeconds(30), output.WriteLine, CancellationToken.None);
        Assert.True(evacuation.Complete, $"{evacuation.Moves.Count} of {evacuation.Tracked} moved");
        Assert.Equal(5, evacuation.Tracked);
        Assert.All(evacuation.Moves, m => Assert.Equal(("us-east", "us-west"), (m.From, m.To)));
        Assert.All(players.Routers, r => Assert.Equal("us-west", r.Current));
        Assert.Contains(evacuation.PerSecond, s => s.Region == "us-west" && s.Heartbeats > 0);
        output.WriteLine($"all moved after {evacuation.AllMovedAfter!.Value.TotalSeconds:0.00} s");

        var restore = await drill.RunAsync(evacuate: false, "us-east", TimeSpan.FromSeconds(6), output.WriteLine, CancellationToken.None);
        Assert.Equal(5, restore.Moves.Count(m => m.To == "us-east"));
        Assert.All(players.Routers, r => Assert.Equal("us-east", r.Current));
    }

    [Fact]
    public async Task Evacuate_OfARegionSlowToReachAfresh_TracksItsSessions_AndOfOneThatCannotBeRead_IsNotCalledComplete()
    {
        await using var regions = await StartRegionsAsync("drillreach");
        var links = new TestRegionLinks(regions);
        await using var players = await SimulatedPlayers.StartAsync(links, "us-east", "t-drill", 1, "drillreach");
        var timeouts = new RegionRouterOptions { ProbeTimeout = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(30) };

        // The drill's own first connection to the region takes longer than a poll may (a client process starting on a busy machine).
        var slow = new DrillRunner(new SlowFirstConnection(links, "us-east", TimeSpan.FromSeconds(4)), timeouts: timeouts);
        var evacuation = await slow.RunAsync(evacuate: true, "us-east", TimeSpan.FromSeconds(30), output.WriteLine, CancellationToken.None);
        Assert.True(evacuation.Complete, $"{evacuation.Moves.Count} of {evacuation.Tracked} moved; {evacuation.Unread}");
        Assert.Equal(1, evacuation.Tracked);
        Assert.Equal(("us-east", "us-west"), (evacuation.Moves[0].From, evacuation.Moves[0].To));

        await new DrillRunner(links).RunAsync(evacuate: false, "us-east", TimeSpan.FromSeconds(6), output.WriteLine, CancellationToken.None);
        Assert.All(players.Routers, r => Assert.Equal("us-east", r.Current));

        // The region to evacuate cannot be read at all: the sessions that arrive from it are reported, but nothing says they were all.
        var blind = new DrillRunner(new UnreadableRegion(links, "us-east"), timeouts: timeouts);
        var unconfirmed = await blind.RunAsync(evacuate: true, "us-east", TimeSpan.FromSeconds(10), output.WriteLine, CancellationToken.None);
        Assert.False(unconfirmed.Complete);
        Assert.Contains("could not be read", unconfirmed.Unread);
        Assert.Contains(unconfirmed.Moves, m => (m.From, m.To) == ("us-east", "us-west"));
    }

    [Fact]
    public async Task DrillCommand_AgainstThreeSiloProcesses_MovesTheirClients_AndPrintsTheTimeline()
    {
        // Real processes, as scripts/regions.sh runs them: one silo per region, each told every region's database.
        await using var databases = await RegionClusters.CreateAsync(fixture, "drillcli");
        var environment = databases.ConnectionStrings.ToDictionary(c => $"ConnectionStrings__{c.Key}", c => c.Value);
        environment["Netflix__DatabaseTimeout"] = "00:00:30"; // three silos starting at once on a busy machine
        var gateways = new Dictionary<string, int>();
        var silos = new List<RunningApp>();
        await using var connections = new RegionConnections(databases.ConnectionStrings.Keys.ToDictionary(r => r, r =>
        {
            gateways[r] = FreePort.Next();
            return new ClientOptions { Region = r, Gateways = [$"127.0.0.1:{gateways[r]}"] };
        }));
        var file = Path.Combine(Path.GetTempPath(), $"regions-{Guid.NewGuid():N}.json");
        try
        {
            silos.AddRange(await Task.WhenAll(gateways.Select(g => BuiltApp.Silo.StartAsync(
                ["--region", g.Key, "--origin-port", "0", "--silo-port", FreePort.Next().ToString(), "--gateway-port", g.Value.ToString()],
                SiloProgram.ReadyMarker, TimeSpan.FromSeconds(90), environment))));
            foreach (var region in gateways.Keys) await PlayableRegion.PrepareAsync(await connections.ConnectAsync(region, default), region, "t-drill");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
            {
                regions = gateways.Select(g => new { name = g.Key, gateways = new[] { $"127.0.0.1:{g.Value}" } }),
            }));
            await using var players = await SimulatedPlayers.StartAsync(connections, "us-east", "t-drill", 2, "drillcli");

            var evacuate = await BuiltApp.Client.RunAsync(["drill", "evacuate", "us-east", "--regions-file", file, "--json"], TimeSpan.FromSeconds(90));
            Assert.True(evacuate.ExitCode == ExitCodes.Ok, $"{evacuate.StdErr}{evacuate.StdOut}; players at {string.Join(", ", players.Routers.Select(r => r.Current))}, " +
                $"{players.LostHeartbeats} heartbeat(s) lost, the last: {players.LastLostHeartbeat?.GetBaseException().Message}");
            var timeline = JsonDocument.Parse(evacuate.StdOut).RootElement;
            Assert.True(timeline.GetProperty("complete").GetBoolean());
            Assert.Equal(2, timeline.GetProperty("tracked").GetInt32());
            Assert.All(timeline.GetProperty("moves").EnumerateArray(), m => Assert.Equal("us-west", m.GetProperty("to").GetString()));
            Assert.All(players.Routers, r => Assert.Equal("us-west", r.Current));

            var status = await BuiltApp.Client.RunAsync(["regions", "--regions-file", file, "--json"], TimeSpan.FromSeconds(60));
            Assert.True(status.ExitCode == ExitCodes.Ok, status.StdErr + status.StdOut);
            var health = JsonDocument.Parse(status.StdOut).RootElement.EnumerateArray().ToDictionary(h => h.GetProperty("region").GetString()!);
            Assert.All(health.Values, h => Assert.True(h.GetProperty("reachable").GetBoolean()));
            Assert.True(health["us-east"].GetProperty("evacuated").GetBoolean());
            Assert.False(health["us-west"].GetProperty("evacuated").GetBoolean());
            Assert.Equal(2, health["us-west"].GetProperty("activeSessions").GetInt32());
            Assert.True(health["us-west"].GetProperty("replication").GetProperty("enabled").GetBoolean());

            var restore = await BuiltApp.Client.RunAsync(["drill", "restore", "us-east", "--regions-file", file, "--watch", "6"], TimeSpan.FromSeconds(90));
            Assert.True(restore.ExitCode == ExitCodes.Ok, restore.StdErr + restore.StdOut);
            Assert.Contains("us-east restored after", restore.StdOut);
            Assert.Contains("2 session(s) moved back to it", restore.StdOut);
        }
        finally
        {
            File.Delete(file);
            foreach (var silo in silos) await silo.DisposeAsync();
        }

        var unknown = await BuiltApp.Client.RunAsync(["drill", "evacuate", "mars"], TimeSpan.FromSeconds(30));
        Assert.NotEqual(ExitCodes.Ok, unknown.ExitCode);
        Assert.Contains("unknown region 'mars'", unknown.StdOut + unknown.StdErr);
    }

    private async Task<RegionClusters> StartRegionsAsync(string purpose)
    {
        var regions = await RegionClusters.CreateAsync(fixture, purpose);
        await regions.StartAllAsync();
        foreach (var region in regions.Running.ToArray()) await PlayableRegion.PrepareAsync(regions[region].Client, region, "t-drill");
        return regions;
    }

    private sealed class SlowFirstConnection(IRegionLinks inner, string region, TimeSpan delay) : IRegionLinks
    {
        private int _connects;

        public async Task<IGrainFactory> ConnectAsync(string name, CancellationToken cancellationToken)
        {
            if (name == region && Interlocked.Increment(ref _connects) == 1) await Task.Delay(delay, cancellationToken);
            return await inner.ConnectAsync(name, cancellationToken);
        }

        public ValueTask ForgetAsync(string name) => inner.ForgetAsync(name);
    }

    private sealed class UnreadableRegion(IRegionLinks inner, string region) : IRegionLinks
    {
        public Task<IGrainFactory> ConnectAsync(string name, CancellationToken cancellationToken) => name == region
            ? Task.FromException<IGrainFactory>(new ClusterUnreachableException($"region {region} is down"))
            : inner.ConnectAsync(name, cancellationToken);

        public ValueTask ForgetAsync(string name) => inner.ForgetAsync(name);
    }
}
