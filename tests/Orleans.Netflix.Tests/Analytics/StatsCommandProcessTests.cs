using System.Text.Json;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary><c>Client stats title</c> against a real silo process holding a seeded catalog and imported history.</summary>
public sealed class StatsCommandProcessTests : IAsyncLifetime
{
    private readonly int _gatewayPort = FreePort.Next();
    private readonly string _media = Path.Combine(Path.GetTempPath(), $"netflix-stats-{Guid.NewGuid():N}");
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
