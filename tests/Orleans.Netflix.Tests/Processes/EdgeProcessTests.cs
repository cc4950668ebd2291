using System.Net;
using System.Security.Cryptography;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.EdgeServer;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Edge;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>A real silo process (with its origin server) and real edge processes, as the README starts them.</summary>
public sealed class EdgeProcessTests
{
    [Fact]
    public async Task EdgeProcesses_Register_ServeSteeredUrls_AndDropOutWhenKilled()
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-edge-process-{Guid.NewGuid():N}");
        var gatewayPort = FreePort.Next();
        var originPort = FreePort.Next();
        try
        {
            await using var silo = await BuiltApp.Silo.StartAsync(
                ["--region", "us-west", "--storage", "memory", "--silo-port", FreePort.Next().ToString(), "--gateway-port", gatewayPort.ToString(),
                 "--origin-port", originPort.ToString(), "--origin-root", Path.Combine(root, "origin"), "--work-root", Path.Combine(root, "work"),
                 "--Netflix:Cdn:EdgeTimeout=00:00:03"],
                SiloProgram.ReadyMarker, TimeSpan.FromSeconds(60));
            Assert.Contains($"origin http://127.0.0.1:{originPort}/origin/", silo.Output);

            Task<RunningApp> StartEdge(string id, string site, int port) => BuiltApp.Edge.StartAsync(
                ["--edge-id", id, "--region", "us-west", "--location", site, "--urls", $"http://127.0.0.1:{port}", "--cache-bytes", "64M",
                 "--cache-root", Path.Combine(root, id), "--origin", $"http://127.0.0.1:{originPort}/origin/", "--gateway", $"127.0.0.1:{gatewayPort}"],
                EdgeProgram.ReadyMarker, TimeSpan.FromSeconds(60));
            await using var first = await StartEdge("edge-sfo-1", "sfo", FreePort.Next());
            await using var second = await StartEdge("edge-lax-1", "lax", FreePort.Next());

            await using var connection = await ClusterConnection.ConnectAsync(new ClientOptions { Region = "us-west", Gateways = [$"127.0.0.1:{gatewayPort}"] }, CancellationToken.None);
            var grains = connection.Client;
            var segment = RandomNumberGenerator.GetBytes(100_000);
            await EdgeClusterFixture.PublishAsync(grains, Path.Combine(root, "origin"), "t-proc",
                new Dictionary<string, byte[]> { ["master.m3u8"] = "#EXTM3U\n"u8.ToArray(), ["seg-00000.m4s"] = segment });

            var registry = grains.GetGrain<IEdgeRegistryGrain>("us-west");
            await Eventually.TrueAsync(async () => (await registry.Live()).Length == 2);
            var steered = await grains.GetGrain<ISteeringGrain>("us-west").Steer(new SteeringRequest("t-proc", "s-1", "us-west", "lax"));
            Assert.Equal(["edge-lax-1", "edge-sfo-1"], steered.Edges.Select(e => e.EdgeId));

            using var http = new HttpClient();
            foreach (var edge in steered.Edges)
            {
                var master = new Uri(edge.MasterPlaylistUrl);
                Assert.Equal("#EXTM3U\n", await http.GetStringAsync(master));
                Assert.Equal(segment, await http.GetByteArrayAsync(new Uri(master, "seg-00000.m4s")));
            }

            second.Kill(); // no graceful goodbye: it drops out when its heartbeats stop
            await Eventually.TrueAsync(async () => (await registry.Live()).Select(e => e.Report.EdgeId).SequenceEqual(["edge-sfo-1"]));
            var after = await grains.GetGrain<ISteeringGrain>("us-west").Steer(new SteeringRequest("t-proc", "s-2", "us-west", "lax"));
            Assert.Equal(["edge-sfo-1"], after.Edges.Select(e => e.EdgeId));

            // A graceful stop says goodbye: out of steering at once, not after the heartbeat timeout.
            await first.DisposeAsync();
            Assert.DoesNotContain("Could not deregister", first.Output);
            Assert.Empty(await registry.Live());
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task ABadSwitch_IsOneLine_AndExit2()
    {
        var result = await BuiltApp.Edge.RunAsync(["--edge-id", "e1", "--region", "mars", "--location", "x"], TimeSpan.FromSeconds(30));
        Assert.Equal(EdgeProgram.ExitBadSetup, result.ExitCode);
        Assert.Contains("unknown region 'mars'", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
    }
}
