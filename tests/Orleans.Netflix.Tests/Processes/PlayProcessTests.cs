using System.Text.Json;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.EdgeServer;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>`Client play` as a user runs it: real silo, edge and client processes, a title ingested by the silo.</summary>
public sealed class PlayProcessTests
{
    [Fact]
    public async Task ClientPlay_StreamsATitleFromTheEdge_PrintsItsQoe_AndRefusesAnUnknownTitleWithExit5()
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-play-process-{Guid.NewGuid():N}");
        var gatewayPort = FreePort.Next();
        var originPort = FreePort.Next();
        try
        {
            await using var silo = await BuiltApp.Silo.StartAsync(
                ["--region", "eu-west", "--storage", "memory", "--silo-port", FreePort.Next().ToString(), "--gateway-port", gatewayPort.ToString(),
                 "--origin-port", originPort.ToString(), "--origin-root", Path.Combine(root, "origin"), "--work-root", Path.Combine(root, "work")],
                SiloProgram.ReadyMarker, TimeSpan.FromSeconds(60));
            await using var edge = await BuiltApp.Edge.StartAsync(
                ["--edge-id", "edge-ams-1", "--region", "eu-west", "--location", "ams", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--cache-bytes", "64M",
                 "--cache-root", Path.Combine(root, "edge"), "--origin", $"http://127.0.0.1:{originPort}/origin/", "--gateway", $"127.0.0.1:{gatewayPort}"],
                EdgeProgram.ReadyMarker, TimeSpan.FromSeconds(60));

            await using var connection = await ClusterConnection.ConnectAsync(new ClientOptions { Region = "eu-west", Gateways = [$"127.0.0.1:{gatewayPort}"] }, CancellationToken.None);
            var grains = connection.Client;
            const string titleId = "t-play-proc";
            var source = Path.Combine(root, "source.mp4");
            Directory.CreateDirectory(root);
            await FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=8", "-f", "lavfi", "-i", "sine=frequency=440:duration=8",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", source);
            var template = new CatalogGenerator(3).Titles(1)[0];
            await grains.GetGrain<ITitleGrain>(titleId).Upsert(template.Metadata with { Maturity = MaturityRating.Age13 }, template.Artwork, 1);
            var job = grains.GetGrain<IIngestJobGrain>("job-play-proc");
            var status = await job.Start(new IngestRequest(titleId, source, [], []));
            await Eventually.TrueAsync(async () => (status = (await job.Status())!).Finished, seconds: 120);
            Assert.True(status.Stage == IngestStage.Ready, $"{status.Stage}: {status.Error}");
            await grains.GetGrain<IMemberGrain>("m-play-proc").Register(new MemberProfile("Ada", "NL", "en", MaturityRating.Age18), PlanTier.Standard, []);
            await Eventually.TrueAsync(async () => (await grains.GetGrain<IEdgeRegistryGrain>("eu-west").Live()).Length == 1);

            string[] common = ["--member", "m-play-proc", "--region", "eu-west", "--gateway", $"127.0.0.1:{gatewayPort}", "--location", "ams"];
            var played = await BuiltApp.Client.RunAsync(["play", titleId, .. common, "--device", "tv", "--speed", "10", "--json"], TimeSpan.FromSeconds(120));
            Assert.True(played.ExitCode == 0, $"exit {played.ExitCode}: {played.StdErr}");
            using var qoe = JsonDocument.Parse(played.StdOut);
            Assert.True(qoe.RootElement.GetProperty("finished").GetBoolean());
            Assert.Equal(2, qoe.RootElement.GetProperty("segments").GetInt32()); // 8 s in 4 s segments
            Assert.True(qoe.RootElement.GetProperty("bytesPerEdge").GetProperty("edge-ams-1").GetInt64() > 0);
            Assert.InRange(qoe.RootElement.GetProperty("endPosition").GetDouble(), 7.9, 8.1);

            // A generous connect timeout: on a loaded 2-core CI machine the third client process in a row can take its time.
            var refused = await BuiltApp.Client.RunAsync(["play", "t-nowhere", .. common, "--connect-timeout", "30"], TimeSpan.FromSeconds(90));
            Assert.True(refused.ExitCode == 5, $"exit {refused.ExitCode}: {refused.StdErr}");
            Assert.Contains("refused (UnknownTitle)", refused.StdErr);
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
}
