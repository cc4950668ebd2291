using System.Net;
using System.Net.Sockets;
using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>How a client tells a region that is down from one that is only slow to answer a new connection.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RegionReachTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AGatewayThatRefusesConnections_IsUnreachableAtOnce_NotAfterTheConnectTimeout()
    {
        var port = ClosedPort();
        var connecting = ClusterConnection.ConnectAsync(
            new ClientOptions { Region = "us-east", Gateways = [$"127.0.0.1:{port}"], ConnectTimeout = TimeSpan.FromMinutes(5) }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => connecting.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("no gateway accepts connections", error.Message);
    }

    [Fact]
    public async Task AGatewayThatListens_IsSaidToMayListen_AndOneOfSeveralIsEnough()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = (IPEndPoint)listener.LocalEndpoint;
        var closed = new IPEndPoint(IPAddress.Loopback, ClosedPort());

        Assert.True(await GatewayProbe.AnyMayListenAsync([closed, open], TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.False(await GatewayProbe.AnyMayListenAsync([closed], TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task ANearRegionSlowerThanAProbeToReachAfresh_StillServesTheClient_WithinTheConnectTimeout()
    {
        var links = new SlowLinks(fixture.Client, new() { ["us-east"] = TimeSpan.FromMilliseconds(600) });
        var options = new RegionRouterOptions { ProbeTimeout = TimeSpan.FromMilliseconds(200), ConnectTimeout = TimeSpan.FromSeconds(30) };
        var router = new RegionRouter(["us-east", "us-west"], links, options);

        await router.CallAsync(_ => Task.FromResult(true));
        Assert.Equal("us-east", router.Current);
    }

    [Fact]
    public async Task ANearRegionThatDoesNotAnswerWithinTheConnectTimeout_IsPassedOver()
    {
        var links = new SlowLinks(fixture.Client, new() { ["us-east"] = TimeSpan.FromMinutes(5) });
        var options = new RegionRouterOptions { ProbeTimeout = TimeSpan.FromMilliseconds(200), ConnectTimeout = TimeSpan.FromMilliseconds(500) };
        var router = new RegionRouter(["us-east", "us-west"], links, options);

        await router.CallAsync(_ => Task.FromResult(true));
        Assert.Equal("us-west", router.Current);
        Assert.Contains("us-west", router.Moves.Select(m => m.To));
    }

    /// <summary>A port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Every region is the test cluster, reached after the given delay.</summary>
    private sealed class SlowLinks(IGrainFactory grains, Dictionary<string, TimeSpan> delays) : IRegionLinks
    {
        public async Task<IGrainFactory> ConnectAsync(string region, CancellationToken cancellationToken)
        {
            await Task.Delay(delays.GetValueOrDefault(region), cancellationToken);
            return grains;
        }

        public ValueTask ForgetAsync(string region) => ValueTask.CompletedTask;
    }
}
