using System.Text.Json;
using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>The embedded default: several silos of one region on one machine, without a database.</summary>
public sealed class LocalRegionProcessTests
{
    [Fact]
    public async Task SecondInstance_JoinsTheFirst_AsOneCluster()
    {
        var siloPort = FreePort.Block(2); // instance 1 takes base + 1
        var gatewayPort = FreePort.Block(2);
        string[] region = ["--region", "us-west", "--storage", "memory", "--origin-port", "0", "--silo-port", siloPort.ToString(), "--gateway-port", gatewayPort.ToString()];

        await using var first = await BuiltApp.Silo.StartAsync([.. region, "--instance", "0"], SiloProgram.ReadyMarker, TimeSpan.FromSeconds(60));
        await using var second = await BuiltApp.Silo.StartAsync([.. region, "--instance", "1"], SiloProgram.ReadyMarker, TimeSpan.FromSeconds(60));
        Assert.Contains($"instance 1, silo port {siloPort + 1}, gateway port {gatewayPort + 1}", second.Output);

        // Written through the second silo's gateway, read through the first's: the same cluster and the same grains.
        var seed = await BuiltApp.Client.RunAsync(["seed", "--titles", "50", "--members", "20", "--json", "--region", "us-west", "--gateway", $"127.0.0.1:{gatewayPort + 1}"], TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCodes.Ok, seed.ExitCode);
        var shown = await BuiltApp.Client.RunAsync(["member", "show", "m-00020", "--json", "--region", "us-west", "--gateway", $"127.0.0.1:{gatewayPort}"], TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCodes.Ok, shown.ExitCode);
        Assert.Equal("m-00020", JsonDocument.Parse(shown.StdOut).RootElement.GetProperty("memberId").GetString());
    }
}
