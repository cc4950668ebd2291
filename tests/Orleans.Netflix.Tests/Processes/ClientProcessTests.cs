using System.Text.Json;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Analytics;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>The client console against a real silo process, on ports of its own.</summary>
public sealed class ClientProcessTests : IAsyncLifetime
{
    private readonly int _gatewayPort = FreePort.Next();
    private readonly string _media = Path.Combine(Path.GetTempPath(), $"netflix-client-media-{Guid.NewGuid():N}");
    private RunningApp? _silo;

    private string[] Gateway => ["--region", "eu-west", "--gateway", $"127.0.0.1:{_gatewayPort}"];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_media);
        _silo = await BuiltApp.Silo.StartAsync(
            ["--region", "eu-west", "--storage", "memory", "--origin-port", "0", "--silo-port", FreePort.Next().ToString(), "--gateway-port", _gatewayPort.ToString(),
             "--origin-root", Path.Combine(_media, "origin"), "--work-root", Path.Combine(_media, "work")],
            SiloProgram.ReadyMarker, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        Directory.Delete(_media, recursive: true);
    }

    private Task<BuiltApp.Result> Client(params string[] args) => BuiltApp.Client.RunAsync([.. args, .. Gateway], TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Seed_ThenShowBrowseAndSearch_AsJson()
    {
        var seed = await Client("seed", "--titles", "300", "--members", "200", "--json");
        Assert.Equal(ExitCodes.Ok, seed.ExitCode);
        Assert.Equal(300, JsonDocument.Parse(seed.StdOut).RootElement.GetProperty("titles").GetInt32());

        var member = JsonDocument.Parse((await Client("member", "show", "m-00001", "--json")).StdOut).RootElement;
        Assert.Equal("m-00001", member.GetProperty("memberId").GetString());
        var limit = member.GetProperty("profile").GetProperty("maturityLimit").GetString();

        var title = JsonDocument.Parse((await Client("title", "show", "t-00001", "--json")).StdOut).RootElement;
        Assert.False(string.IsNullOrEmpty(title.GetProperty("metadata").GetProperty("name").GetString()));

        var browse = await Client("browse", "--member", "m-00001", "--page", "2", "--page-size", "5", "--json");
        Assert.Equal(ExitCodes.Ok, browse.ExitCode);
        var page = JsonDocument.Parse(browse.StdOut).RootElement;
        Assert.Equal(2, page.GetProperty("page").GetInt32());
        Assert.Equal(5, page.GetProperty("items").GetArrayLength());
        var order = new[] { "All", "Age7", "Age13", "Age16", "Age18" };
        Assert.All(page.GetProperty("items").EnumerateArray(),
            t => Assert.True(Array.IndexOf(order, t.GetProperty("maturity").GetString()) <= Array.IndexOf(order, limit)));

        var table = await Client("browse", "--member", "m-00001", "--genre", "Drama");
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains("Drama for m-00001: page 1 of", table.StdOut);

        // The home screen: rows of 40 to 50 titles picked from the seeded history, each with one of its own artwork variants.
        var home = await Client("browse", "--member", "m-00001", "--json");
        Assert.Equal(ExitCodes.Ok, home.ExitCode);
        var rows = JsonDocument.Parse(home.StdOut).RootElement.GetProperty("rows").EnumerateArray().ToList();
        var items = rows.SelectMany(r => r.GetProperty("items").EnumerateArray()).ToList();
        Assert.InRange(items.Count, 40, 50);
        Assert.Equal("TopPicks", rows[0].GetProperty("kind").GetString());
        var shown = items[0];
        var shownTitle = JsonDocument.Parse((await Client("title", "show", shown.GetProperty("titleId").GetString()!, "--json")).StdOut).RootElement;
        Assert.Contains(shown.GetProperty("artworkId").GetString(),
            shownTitle.GetProperty("artwork").EnumerateArray().Select(a => a.GetProperty("artworkId").GetString()));
        var screen = await Client("browse", "--member", "m-00002");
        Assert.Equal(ExitCodes.Ok, screen.ExitCode);
        Assert.Contains("Home screen of m-00002", screen.StdOut);
        Assert.Contains("Top Picks for", screen.StdOut);
    }

    [Fact]
    public async Task UnknownAndInvalidIds_AreOneLineErrors_WithDistinctExitCodes()
    {
        var unknown = await Client("member", "show", "m-does-not-exist");
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Equal("error: member 'm-does-not-exist' not found", unknown.StdErr.Trim());

        var unknownTitle = await Client("title", "show", "t-99999", "--json");
        Assert.Equal(ExitCodes.NotFound, unknownTitle.ExitCode);
        Assert.Empty(unknownTitle.StdOut.Trim());

        var tooLong = await Client("title", "show", new string('x', 129));
        Assert.Equal(ExitCodes.BadInput, tooLong.ExitCode);
        Assert.Contains("longer than 128", tooLong.StdErr);

        var unknownGenre = await Client("browse", "--member", "m-00001", "--genre", "Polka");
        Assert.NotEqual(ExitCodes.Ok, unknownGenre.ExitCode);
        Assert.DoesNotContain("   at ", unknownGenre.StdErr);
    }

    [Fact]
    public async Task AnyCommand_FindsItsRegionsGateway_InTheRegionsFile()
    {
        var file = Path.Combine(_media, "regions.json");
        await File.WriteAllTextAsync(file, $$"""
            { "regions": [ { "name": "eu-west", "gateways": ["127.0.0.1:{{_gatewayPort}}"] } ] }
            """);
        // No --gateway: without the file this would try eu-west's default port and fail as unreachable (3).
        var seed = await BuiltApp.Client.RunAsync(["seed", "--titles", "20", "--members", "2", "--plays", "0", "--region", "eu-west", "--regions-file", file, "--json"],
            TimeSpan.FromSeconds(60));
        Assert.True(seed.ExitCode == 0, $"exit {seed.ExitCode}: {seed.StdErr}");
        var shown = await BuiltApp.Client.RunAsync(["member", "show", "m-00002", "--region", "eu-west", "--regions-file", file, "--json"], TimeSpan.FromSeconds(60));
        Assert.True(shown.ExitCode == 0, $"exit {shown.ExitCode}: {shown.StdErr}");
    }

    [Fact]
    public async Task UnreachableCluster_IsOneLine_NonZero_AndNoStackTrace()
    {
        var deadPort = FreePort.Next();

        var result = await BuiltApp.Client.RunAsync(
            ["member", "show", "m-00001", "--region", "us-west", "--gateway", $"127.0.0.1:{deadPort}", "--connect-timeout", "3"],
            TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot reach cluster netflix-us-west at 127.0.0.1:{deadPort}", line);
        Assert.Empty(result.StdOut.Trim());
    }

    [Fact]
    public async Task Ingest_FollowsTheJobToReady_AndABadSourceToRejected()
    {
        Assert.Equal(ExitCodes.Ok, (await Client("seed", "--titles", "5", "--members", "1", "--json")).ExitCode);
        var source = Path.Combine(_media, "source.mp4");
        await FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=5", "-f", "lavfi", "-i", "sine=duration=5",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", source);
        var junk = Path.Combine(_media, "junk.mp4");
        await File.WriteAllBytesAsync(junk, new byte[4096]);

        var ingest = await Client("ingest", source, "--title", "t-00002", "--job", "job-client-1", "--json");
        Assert.Equal(ExitCodes.Ok, ingest.ExitCode);
        var done = JsonDocument.Parse(ingest.StdOut).RootElement;
        Assert.Equal("Ready", done.GetProperty("stage").GetString());
        Assert.True(File.Exists(Path.Combine(_media, "origin", done.GetProperty("masterPlaylist").GetString()!)));

        var status = JsonDocument.Parse((await Client("ingest", "status", "job-client-1", "--json")).StdOut).RootElement;
        Assert.Equal("Ready", status.GetProperty("stage").GetString());
        Assert.Equal(status.GetProperty("chunksTotal").GetInt32(), status.GetProperty("chunksDone").GetInt32());
        // One region alone: the title plays where it was ingested, and the other regions have nothing to copy it from.
        var regions = status.GetProperty("regions").EnumerateArray().ToDictionary(r => r.GetProperty("region").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["us-east"] = "Waiting", ["us-west"] = "Waiting", ["eu-west"] = "Playable" }, regions);
        var table = await Client("ingest", "status", "job-client-1");
        Assert.Contains("Where it plays", table.StdOut);
        Assert.Matches(@"eu-west\s*│\s*Playable", table.StdOut);

        var rejected = await Client("ingest", junk, "--title", "t-00003", "--json");
        Assert.Equal(ExitCodes.Rejected, rejected.ExitCode);
        var reasons = JsonDocument.Parse(rejected.StdOut).RootElement.GetProperty("rejections");
        Assert.Equal("NotReadable", reasons[0].GetProperty("problem").GetString());

        var title = JsonDocument.Parse((await Client("title", "show", "t-00002", "--json")).StdOut).RootElement;
        Assert.Equal("Playable", title.GetProperty("availability").GetString());
        var eu = Assert.Single(title.GetProperty("regions").EnumerateArray(), r => r.GetProperty("region").GetString() == "eu-west");
        Assert.Equal("Playable", eu.GetProperty("status").GetString());
        Assert.Equal(done.GetProperty("jobId").GetString(), eu.GetProperty("holding").GetProperty("jobId").GetString());
        // The trick-play track: 5 s of source at one tile per 4 s, 240 px wide, its VTT beside the master playlist.
        var trickPlay = title.GetProperty("trickPlay");
        Assert.Equal((4.0, 2, 240, 136, 1), (trickPlay.GetProperty("intervalSeconds").GetDouble(), trickPlay.GetProperty("count").GetInt32(),
            trickPlay.GetProperty("tileWidth").GetInt32(), trickPlay.GetProperty("tileHeight").GetInt32(), trickPlay.GetProperty("sheets").GetInt32()));
        Assert.Equal("trickplay/thumbnails.vtt", trickPlay.GetProperty("vtt").GetString());
        var vtt = trickPlay.GetProperty("path").GetString()!;
        Assert.Equal(Path.GetDirectoryName(done.GetProperty("masterPlaylist").GetString()) + "/trickplay/thumbnails.vtt", vtt);
        Assert.StartsWith("WEBVTT", await File.ReadAllTextAsync(Path.Combine(_media, "origin", vtt)));
        var shown = await Client("title", "show", "t-00002");
        Assert.Contains("Trick-play thumbnails", shown.StdOut);
        Assert.Matches(@"4 s\s*│\s*2\s*│\s*240x136\s*│", shown.StdOut);
    }

    [Fact]
    public async Task StatsTitle_PrintsTheCountersAndEachArtworksTakeRate_AsATableAndAsJson()
    {
        // No generated history: the log holds exactly the crafted events below.
        Assert.Equal(ExitCodes.Ok, (await Client("seed", "--titles", "5", "--members", "1", "--plays", "0", "--json")).ExitCode);
        await using (var connection = await ClusterConnection.ConnectAsync(
                         new ClientOptions { Region = "eu-west", Gateways = [$"127.0.0.1:{_gatewayPort}"] }, CancellationToken.None))
        {
            var analytics = connection.Client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main);
            var history = TakeWindowCases.Events("t-00001", "t-00002");
            Assert.Equal(history.Length, await analytics.Import(history));
        }

        var json = await Client("stats", "title", "t-00001", "--json");
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        var stats = JsonDocument.Parse(json.StdOut).RootElement;
        Assert.Equal("t-00001", stats.GetProperty("titleId").GetString());
        Assert.Equal(9, stats.GetProperty("impressions").GetInt64());
        Assert.Equal(6, stats.GetProperty("playStarts").GetInt64());
        Assert.Equal(7, stats.GetProperty("members").GetInt64());
        var artwork = stats.GetProperty("artwork");
        Assert.Equal("b", artwork[1].GetProperty("artworkId").GetString());
        Assert.Equal(3, artwork[1].GetProperty("playsAfter").GetInt64());
        Assert.Equal(0.75, artwork[1].GetProperty("takeRate").GetDouble(), 9);

        var table = await Client("stats", "title", "t-00001");
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        var lines = table.StdOut.Split('\n');
        Assert.Contains(lines, l => l.Contains("impressions") && l.Contains('9'));
        Assert.Contains(lines, l => l.Contains("mean rebuffer ratio") && l.Contains("5.00"));
        Assert.Contains("Artwork take rate: impressions followed by a play within 10 min", table.StdOut);
        Assert.Contains(lines, l => l.Contains(" b ") && l.Contains("75.0"));
        Assert.Contains(lines, l => l.Contains(" a ") && l.Contains("20.0"));

        var playedNever = await Client("stats", "title", "t-00003", "--json"); // in the catalog, nothing logged yet: zeros, not an error
        Assert.Equal(ExitCodes.Ok, playedNever.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(playedNever.StdOut).RootElement.GetProperty("playStarts").GetInt64());
    }

    [Fact]
    public async Task StatsTitle_ForAnUnknownOrInvalidId_IsAOneLineError()
    {
        var unknown = await Client("stats", "title", "t-nowhere");
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Equal("error: title 't-nowhere' not found", unknown.StdErr.Trim());
        Assert.Empty(unknown.StdOut.Trim());

        var invalid = await Client("stats", "title", new string('x', 129));
        Assert.Equal(ExitCodes.BadInput, invalid.ExitCode);
        Assert.Contains("invalid title id: id is longer than 128", invalid.StdErr);
    }
}
