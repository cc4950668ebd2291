using System.Text.Json;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.EdgeServer;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>`Client play` while its region is evacuated: the session moves to the next region and the picture goes on from the edge.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionPlayProcessTests(PostgresFixture fixture)
{
    [Fact]
    public async Task ClientPlay_WhoseRegionIsEvacuatedMidPlay_MovesItsSession_AndPlaysToTheEnd()
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-region-play-{Guid.NewGuid():N}");
        await using var databases = await RegionClusters.CreateAsync(fixture, "regionplay");
        var environment = databases.ConnectionStrings.ToDictionary(c => $"ConnectionStrings__{c.Key}", c => c.Value);
        environment["Netflix__Playback__HeartbeatEvery"] = "00:00:01";
        var gateways = databases.ConnectionStrings.Keys.ToDictionary(r => r, _ => FreePort.Next());
        var originPort = FreePort.Next();
        var processes = new List<RunningApp>();
        var file = Path.Combine(root, "regions.json");
        try
        {
            processes.AddRange(await Task.WhenAll(gateways.Select(g => BuiltApp.Silo.StartAsync(
                ["--region", g.Key, "--silo-port", FreePort.Next().ToString(), "--gateway-port", g.Value.ToString(),
                 "--origin-port", g.Key == "us-east" ? originPort.ToString() : "0",
                 "--origin-root", Path.Combine(root, g.Key, "origin"), "--work-root", Path.Combine(root, g.Key, "work")],
                SiloProgram.ReadyMarker, TimeSpan.FromSeconds(90), environment))));
            processes.Add(await BuiltApp.Edge.StartAsync(
                ["--edge-id", "edge-nyc-1", "--region", "us-east", "--location", "nyc", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--cache-bytes", "64M",
                 "--cache-root", Path.Combine(root, "edge"), "--origin", $"http://127.0.0.1:{originPort}/origin/", "--gateway", $"127.0.0.1:{gateways["us-east"]}"],
                EdgeProgram.ReadyMarker, TimeSpan.FromSeconds(60)));
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
            {
                regions = gateways.Select(g => new { name = g.Key, gateways = new[] { $"127.0.0.1:{g.Value}" } }),
            }));

            // A real title, ingested in us-east (copied to the other regions too; this play keeps to the us-east edge).
            await using var connection = await ClusterConnection.ConnectAsync(new ClientOptions { Region = "us-east", Gateways = [$"127.0.0.1:{gateways["us-east"]}"] }, CancellationToken.None);
            var grains = connection.Client;
            const string titleId = "t-region-play";
            var source = Path.Combine(root, "source.mp4");
            await FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=426x240:rate=25:duration=24", "-f", "lavfi", "-i", "sine=frequency=440:duration=24",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", source);
            var template = new CatalogGenerator(5).Titles(1)[0];
            await grains.GetGrain<ITitleGrain>(titleId).Upsert(template.Metadata with { Maturity = MaturityRating.Age13 }, template.Artwork, 1);
            var job = grains.GetGrain<IIngestJobGrain>("job-region-play");
            var status = await job.Start(new IngestRequest(titleId, source, [], []));
            await Eventually.TrueAsync(async () => (status = (await job.Status())!).Finished, seconds: 120);
            Assert.True(status.Stage == IngestStage.Ready, $"{status.Stage}: {status.Error}");
            await grains.GetGrain<IMemberGrain>("m-region-play").Register(new MemberProfile("Lee", "US", "en", MaturityRating.Age18), PlanTier.Standard, []);
            await Eventually.TrueAsync(async () => (await grains.GetGrain<IEdgeRegistryGrain>("us-east").Live()).Length == 1);

            // 24 s of video at half speed (48 s), so a loaded machine still starts the drill's own client process while the
            // session plays; the drill evacuates us-east once the session heartbeats there.
            var playing = BuiltApp.Client.RunAsync(["play", titleId, "--member", "m-region-play", "--region", "us-east", "--regions-file", file,
                "--location", "nyc", "--device", "tv", "--speed", "0.5", "--json"], TimeSpan.FromSeconds(150));
            var east = grains.GetGrain<IRegionTrafficGrain>("us-east");
            // A loaded machine can take a while to start the client process: wait as long as the play may take, unless it ended.
            await Eventually.TrueAsync(async () => playing.IsCompleted
                ? throw new InvalidOperationException($"the play ended before its session was seen: {(await playing).StdOut}{(await playing).StdErr}")
                : (await east.View(DateTimeOffset.UtcNow.AddSeconds(-3))).ActiveSessions == 1, seconds: 90);
            var drill = await BuiltApp.Client.RunAsync(["drill", "evacuate", "us-east", "--regions-file", file, "--json", "--watch", "20"], TimeSpan.FromSeconds(60));
            Assert.True(drill.ExitCode == 0, drill.StdErr + drill.StdOut + (await playing).StdOut + (await playing).StdErr);
            var timeline = JsonDocument.Parse(drill.StdOut).RootElement;
            var moves = timeline.GetProperty("moves").EnumerateArray().ToArray();
            Assert.True(moves.Length == 1, $"the drill saw {moves.Length} moves of {timeline.GetProperty("tracked")} tracked; {drill.StdOut}{(await playing).StdErr}");
            var move = moves[0];
            Assert.Equal("us-west", move.GetProperty("to").GetString());

            var played = await playing;
            Assert.True(played.ExitCode == 0, $"exit {played.ExitCode}: {played.StdErr}");
            using var qoe = JsonDocument.Parse(played.StdOut);
            Assert.True(qoe.RootElement.GetProperty("finished").GetBoolean());
            Assert.Equal(6, qoe.RootElement.GetProperty("segments").GetInt32()); // every segment, from the us-east edge throughout
            Assert.True(qoe.RootElement.GetProperty("bytesPerEdge").GetProperty("edge-nyc-1").GetInt64() > 0);
            var regionMove = Assert.Single(qoe.RootElement.GetProperty("regionMoves").EnumerateArray(), m => m.GetProperty("from").GetString() is not null);
            Assert.Equal(("us-east", "us-west"), (regionMove.GetProperty("from").GetString(), regionMove.GetProperty("to").GetString()));
            Assert.Contains("evacuated", regionMove.GetProperty("reason").GetString());

            // The session ended in us-west: the viewing it recorded there is in every region.
            await using var west = await ClusterConnection.ConnectAsync(new ClientOptions { Region = "eu-west", Gateways = [$"127.0.0.1:{gateways["eu-west"]}"] }, CancellationToken.None);
            var member = await west.Client.GetGrain<IMemberGrain>("m-region-play").Get();
            Assert.Equal(titleId, Assert.Single(member!.History).TitleId);
        }
        finally
        {
            foreach (var process in processes.AsEnumerable().Reverse()) await process.DisposeAsync();
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
