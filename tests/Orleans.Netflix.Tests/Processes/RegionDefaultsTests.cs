using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Silo.Configuration;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>
/// The regions' defaults come from the shipped region-defaults.json, overridden by a process's own configuration
/// under <c>Regions</c>; a bad section stops every process at start with one line.
/// </summary>
public sealed class RegionDefaultsTests
{
    [Fact]
    public void TheShippedDefaults_AreTheThreeRegions_TheirPorts_NearestFirstOrders_AndHomes()
    {
        var regions = NetflixRegions.Shipped;

        Assert.Equal(["us-east:11111:30000:8100", "us-west:11211:30100:8200", "eu-west:11311:30200:8300"],
            regions.All.Select(r => $"{r.Name}:{r.SiloPort}:{r.GatewayPort}:{r.OriginPort}"));
        Assert.Equal(["us-east", "us-west", "eu-west"], regions.ByDistanceFrom("us-east"));
        Assert.Equal(["us-west", "us-east", "eu-west"], regions.ByDistanceFrom("US-WEST"));
        Assert.Equal(["eu-west", "us-east", "us-west"], regions.ByDistanceFrom("eu-west"));
        Assert.Equal("eu-west", regions.HomeOf(" gb "));
        Assert.Equal("eu-west", regions.HomeOf("IN"));
        Assert.Equal("us-west", regions.HomeOf("JP"));
        Assert.Equal("us-east", regions.HomeOf("US"));
        Assert.Equal("us-east", regions.HomeOf(null));
        Assert.Equal("http://127.0.0.1:8200/origin/", regions.Get("us-west").DefaultOriginUrl);
    }

    [Fact]
    public void ACountryConfiguredForAnotherRegion_HasThatRegionAsHome()
    {
        // us-west's first country, JP, replaced by BR: Brazil's members now live in us-west, Japan's fall back to us-east.
        var regions = NetflixRegions.From(Configuration(("Regions:All:1:Countries:0", "BR")));

        Assert.Equal("us-west", regions.HomeOf("BR"));
        Assert.Equal("us-east", regions.HomeOf("JP"));
        Assert.Equal("us-west", regions.HomeOf("KR"));
    }

    [Fact]
    public void AGatewayPortConfiguredForARegion_IsWhereItsSilosListen()
    {
        var settings = SiloSettings.From(Configuration(("Regions:All:2:GatewayPort", "30700"), ("Netflix:Region", "eu-west"), ("Netflix:Instance", "1")));

        Assert.Equal(30701, settings.GatewayPort);
        Assert.Equal(11312, settings.SiloPort);
    }

    [Fact]
    public async Task AGatewayPortConfiguredForARegion_IsWhereTheClientLooksForIt()
    {
        var port = ClosedPort();

        var run = await BuiltApp.Client.RunAsync(["genres", "--region", "us-west"], TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["Regions__All__1__GatewayPort"] = $"{port}" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"cannot reach cluster netflix-us-west at 127.0.0.1:{port}", run.StdErr);
    }

    [Theory]
    [InlineData("Regions:All:1:Name", "us-east", "Regions:All names region 'us-east' twice")]
    [InlineData("Regions:All:0:NearestFirst:2", "ap-south", "region 'us-east': NearestFirst names unknown region 'ap-south'")]
    [InlineData("Regions:All:0:NearestFirst:0", "us-west", "region 'us-east': NearestFirst must list every region once, itself first")]
    [InlineData("Regions:All:0:Countries:0", "GB", "country 'GB' is home to both 'us-east' and 'eu-west'")]
    [InlineData("Regions:All:2:OriginPort", "0", "region 'eu-west': OriginPort must be between 1 and 65535, not 0")]
    [InlineData("Regions:FallbackHome", "mars-north", "Regions:FallbackHome 'mars-north' is not a region in Regions:All")]
    public void ABadRegionsSection_IsOneLineSayingWhatIsWrong(string key, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => NetflixRegions.From(Configuration((key, value))));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public async Task ABadRegionsSection_StopsEveryProcessAtStart_WithThatLine()
    {
        const string Expected = "error: Regions:All names region 'us-east' twice";
        var environment = new Dictionary<string, string> { ["Regions__All__1__Name"] = "us-east" };
        var runs = await Task.WhenAll(
            BuiltApp.Silo.RunAsync(["--region", "us-east"], TimeSpan.FromSeconds(60), environment),
            BuiltApp.Client.RunAsync(["genres", "--region", "us-east"], TimeSpan.FromSeconds(60), environment),
            BuiltApp.Edge.RunAsync(["--edge-id", "e1", "--region", "us-east", "--location", "x",
                "--cache-root", Path.Combine(Path.GetTempPath(), $"netflix-region-defaults-{Guid.NewGuid():N}")], TimeSpan.FromSeconds(60), environment),
            BuiltApp.Web.RunAsync(["--region", "us-east"], TimeSpan.FromSeconds(60), environment));

        foreach (var run in runs)
        {
            Assert.True(run.ExitCode != 0, $"exit 0: {run.StdOut}{run.StdErr}");
            Assert.Equal(Expected, Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd());
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
