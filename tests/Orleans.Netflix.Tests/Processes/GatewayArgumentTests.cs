using System.Net;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>A gateway given on the command line, as the client, the edge and the website read it: one parser, one error.</summary>
public sealed class GatewayArgumentTests
{
    private const string Expected = "error: gateway '10.0.0.1' is not HOST:PORT (e.g. 127.0.0.1:30000)";

    [Fact]
    public async Task AGatewayWithoutAPort_IsTheSameOneLineError_InClientEdgeAndWebsite()
    {
        var runs = await Task.WhenAll(
            BuiltApp.Client.RunAsync(["genres", "--region", "us-west", "--gateway", "10.0.0.1"], TimeSpan.FromSeconds(60)),
            BuiltApp.Edge.RunAsync(["--edge-id", "e1", "--region", "us-west", "--location", "x", "--gateway", "10.0.0.1",
                "--cache-root", Path.Combine(Path.GetTempPath(), $"netflix-gateway-arg-{Guid.NewGuid():N}")], TimeSpan.FromSeconds(60)),
            BuiltApp.Web.RunAsync(["--region", "us-west", "--gateway", "10.0.0.1"], TimeSpan.FromSeconds(60)));

        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.StdOut}{run.StdErr}");
            Assert.Equal(Expected, Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd());
        }
    }

    [Theory]
    [InlineData("127.0.0.1:30000", "127.0.0.1:30000")]
    [InlineData(" 10.1.2.3:30100 ", "10.1.2.3:30100")]
    [InlineData("[::1]:30200", "[::1]:30200")]
    public void AnAddressAndPort_IsThatEndpoint(string gateway, string expected) =>
        Assert.Equal(IPEndPoint.Parse(expected), GatewayEndpoint.Parse(gateway));

    [Fact]
    public void AHostName_IsResolved() =>
        Assert.True(IPAddress.IsLoopback(GatewayEndpoint.Parse("localhost:30000").Address));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("127.0.0.1:port")]
    [InlineData(":30000")]
    [InlineData("")]
    public void AnythingElse_NamesTheEntry(string gateway)
    {
        var e = Assert.Throws<ArgumentException>(() => GatewayEndpoint.Parse(gateway));
        Assert.Equal($"gateway '{gateway}' is not HOST:PORT (e.g. 127.0.0.1:30000)", e.Message);
    }

    [Fact]
    public void AHostThatDoesNotResolve_SaysSo()
    {
        var e = Assert.Throws<ArgumentException>(() => GatewayEndpoint.Parse("no-such-host.invalid:30000"));
        Assert.Equal("gateway host 'no-such-host.invalid' does not resolve", e.Message);
    }
}
