using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Common;
using Orleans.Netflix.EdgeServer;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>
/// Content in one region only, as a studio delivers it: seeded and ingested through us-east, copied to every region by
/// the regions themselves; once us-east is evacuated, a member's client lands in us-west, sees the same catalog and home
/// screen, and plays the title to the end from us-west's edge, which pulls only from us-west's origin.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ContentEverywhereProcessTests(PostgresFixture fixture, ITestOutputHelper output)
{
    private const string TitleId = "t-00001";
    private const string MemberId = "m-content";

    [Fact]
    public async Task ATitleIngestedInUsEastOnly_ReachesEveryRegion_AndAfterAnEvacuation_PlaysToTheEndFromUsWest()
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-content-{Guid.NewGuid():N}");
        await using var databases = await RegionClusters.CreateAsync(fixture, "content");
        var environment = databases.ConnectionStrings.ToDictionary(c => $"ConnectionStrings__{c.Key}", c => c.Value);
        environment["Netflix__DatabaseTimeout"] = "00:00:30"; // three silos starting at once on a busy machine
        var gateways = databases.ConnectionStrings.Keys.ToDictionary(r => r, _ => FreePort.Next());
        var originPorts = gateways.Keys.ToDictionary(r => r, _ => FreePort.Next());
        var processes = new List<RunningApp>();
        var file = Path.Combine(root, "regions.json");
        Directory.CreateDirectory(root);
        try
        {
            processes.AddRange(await Task.WhenAll(gateways.Select(g => BuiltApp.Silo.StartAsync(
                ["--region", g.Key, "--silo-port", FreePort.Next().ToString(), "--gateway-port", g.Value.ToString(),
                 "--origin-port", originPorts[g.Key].ToString(),
                 "--origin-root", Path.Combine(root, g.Key, "origin"), "--work-root", Path.Combine(root, g.Key, "work")],
                SiloProgram.ReadyMarker, TimeSpan.FromSeconds(90), environment))));
            // One edge per region that matters here, each pulling from its own region's origin only.
            foreach (var (region, edge) in new[] { ("us-east", "edge-nyc-1"), ("us-west", "edge-sea-1") })
            {
                processes.Add(await BuiltApp.Edge.StartAsync(
                    ["--edge-id", edge, "--region", region, "--location", edge[5..8], "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--cache-bytes", "64M",
                     "--cache-root", Path.Combine(root, edge), "--origin", $"http://127.0.0.1:{originPorts[region]}/origin/", "--gateway", $"127.0.0.1:{gateways[region]}"],
                    EdgeProgram.ReadyMarker, TimeSpan.FromSeconds(60)));
            }
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
            {
                regions = gateways.Select(g => new { name = g.Key, gateways = new[] { $"127.0.0.1:{g.Value}" } }),
            }));

            // Seeded and ingested through us-east only.
            var seed = await Client("seed", "--titles", "40", "--members", "20", "--plays", "3", "--region", "us-east", "--regions-file", file, "--json");
            Assert.True(seed.ExitCode == ExitCodes.Ok, seed.StdErr + seed.StdOut);
            await using var east = await ConnectAsync("us-east", gateways);
            await east.Client.GetGrain<IMemberGrain>(MemberId).Register(new MemberProfile("Lee", "US", "en", MaturityRating.Age18), PlanTier.Standard, []);
            var source = Path.Combine(root, "source.mp4");
            await FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=426x240:rate=25:duration=12", "-f", "lavfi", "-i", "sine=frequency=440:duration=12",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", source);
            var ingest = await Client("ingest", source, "--title", TitleId, "--job", "job-content", "--region", "us-east", "--regions-file", file, "--json");
            Assert.True(ingest.ExitCode == ExitCodes.Ok, ingest.StdErr + ingest.StdOut);
            var published = Stopwatch.StartNew();

            // Every region holds every file of it, checked, and says so.
            var assets = (await east.Client.GetGrain<ITitleAssetsGrain>(TitleId).Get())!;
            await Eventually.TrueAsync(async () => (await east.Client.GetGrain<ITitleAssetsGrain>(TitleId).Placement())
                .All(r => r.Status == RegionMediaStatus.Playable), seconds: 60);
            output.WriteLine($"playable in every region {published.Elapsed.TotalSeconds:0.0} s after the ingest finished " +
                             $"({assets.Files.Length} files, {assets.Files.Sum(f => f.Bytes) / 1e6:0.00} MB per region)");
            foreach (var region in new[] { "us-west", "eu-west" })
            {
                foreach (var indexed in assets.Files)
                {
                    var copy = Path.Combine(root, region, "origin", indexed.Path);
                    Assert.True(File.Exists(copy), $"{region} lacks {indexed.Path}");
                    Assert.Equal(indexed.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(copy))));
                }
            }
            var shown = JsonDocument.Parse((await Client("title", "show", TitleId, "--region", "eu-west", "--regions-file", file, "--json")).StdOut).RootElement;
            var euWest = Assert.Single(shown.GetProperty("regions").EnumerateArray(), r => r.GetProperty("region").GetString() == "eu-west");
            Assert.Equal("Playable", euWest.GetProperty("status").GetString());
            Assert.Equal("us-east", euWest.GetProperty("holding").GetProperty("copiedFrom").GetString());

            // The same catalog and the same home screen before the evacuation (in us-east) and wherever the member lands.
            var catalogEast = await Client("browse", "--member", MemberId, "--catalog", "--page-size", "100", "--region", "us-east", "--regions-file", file, "--json");
            var screenEast = await Client("browse", "--member", MemberId, "--region", "us-east", "--regions-file", file, "--json");
            var drill = await Client("drill", "evacuate", "us-east", "--regions-file", file, "--json", "--watch", "2");
            Assert.True(drill.ExitCode == ExitCodes.Ok, drill.StdErr + drill.StdOut);
            var catalogWest = await Client("browse", "--member", MemberId, "--catalog", "--page-size", "100", "--region", "us-west", "--regions-file", file, "--json");
            var screenWest = await Client("browse", "--member", MemberId, "--region", "us-west", "--regions-file", file, "--json");
            Assert.Equal(CatalogIds(catalogEast), CatalogIds(catalogWest));
            Assert.Equal(40, CatalogIds(catalogWest).Length);
            output.WriteLine(string.Join("\n", Rows(screenWest)));
            Assert.Equal(Rows(screenEast), Rows(screenWest));

            // The member's client asks for us-east, is sent to us-west, and plays every segment (each checked against its SHA-256) from us-west's edge.
            var play = await Client("play", TitleId, "--member", MemberId, "--region", "us-east", "--regions-file", file,
                "--location", "sea", "--device", "tv", "--speed", "4", "--json");
            Assert.True(play.ExitCode == ExitCodes.Ok, $"exit {play.ExitCode}: {play.StdErr}{play.StdOut}");
            var qoe = JsonDocument.Parse(play.StdOut).RootElement;
            Assert.True(qoe.GetProperty("finished").GetBoolean());
            Assert.Equal(3, qoe.GetProperty("segments").GetInt32());
            Assert.Equal(["edge-sea-1"], qoe.GetProperty("bytesPerEdge").EnumerateObject().Where(e => e.Value.GetInt64() > 0).Select(e => e.Name));
            await using var west = await ConnectAsync("us-west", gateways);
            var member = await west.Client.GetGrain<IMemberGrain>(MemberId).Get();
            Assert.Contains(member!.History, h => h.TitleId == TitleId);
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

    /// <summary>A client command; it may take a while to reach a cluster when the machine is busy starting three silos and two edges.</summary>
    private static Task<BuiltApp.Result> Client(params string[] args) => BuiltApp.Client.RunAsync([.. args, "--connect-timeout", "60"], TimeSpan.FromSeconds(150));

    private static Task<ClusterConnection> ConnectAsync(string region, IReadOnlyDictionary<string, int> gateways) =>
        ClusterConnection.ConnectAsync(new ClientOptions { Region = region, Gateways = [$"127.0.0.1:{gateways[region]}"] }, CancellationToken.None);

    private static string[] CatalogIds(BuiltApp.Result browse)
    {
        Assert.True(browse.ExitCode == ExitCodes.Ok, browse.StdErr + browse.StdOut);
        return [.. JsonDocument.Parse(browse.StdOut).RootElement.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("titleId").GetString()!)];
    }

    /// <summary>Each row's kind, heading and titles, in order (not the artwork: each region's bandit picks its own).</summary>
    private static string[] Rows(BuiltApp.Result browse)
    {
        Assert.True(browse.ExitCode == ExitCodes.Ok, browse.StdErr + browse.StdOut);
        return [.. JsonDocument.Parse(browse.StdOut).RootElement.GetProperty("rows").EnumerateArray().Select(r =>
            $"{r.GetProperty("kind").GetString()} | {r.GetProperty("title").GetString()} | " +
            string.Join(",", r.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("titleId").GetString())))];
    }
}
