using System.Security.Cryptography;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.EdgeServer;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.Netflix.Web;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>
/// The programs as a new user starts them: each starts in Development and in Production (given its own keys there),
/// and the development signing key shipped in appsettings.json is refused outside Development with one line.
/// </summary>
public sealed class EnvironmentProcessTests
{
    [Fact]
    public async Task EdgeAndSilo_RefuseTheShippedDevelopmentKey_OutsideDevelopment_InOneLine()
    {
        var production = new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" };
        var edge = await BuiltApp.Edge.RunAsync(["--edge-id", "e1", "--region", "us-east", "--location", "x"], TimeSpan.FromSeconds(60), production);
        Assert.Equal(EdgeProgram.ExitBadSetup, edge.ExitCode);
        Assert.Contains("Edge:SigningKeys:0:Secret", edge.StdErr);
        Assert.Single(edge.StdErr.Trim().Split('\n'));

        var silo = await BuiltApp.Silo.RunAsync(["--storage", "memory", "--environment", "Staging"], TimeSpan.FromSeconds(60));
        Assert.Equal(SiloProgram.ExitBadSetup, silo.ExitCode);
        Assert.Contains("Netflix:Cdn:SigningKeys:0:Secret", silo.StdErr);
        Assert.Contains("'Staging'", silo.StdErr);
        Assert.Single(silo.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public async Task SiloEdgeAndWebsite_StartInDevelopment_AndInProductionWithTheirOwnKeys()
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-env-process-{Guid.NewGuid():N}");
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var production = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Netflix__Cdn__SigningKeys__0__Id"] = "prod-1",
            ["Netflix__Cdn__SigningKeys__0__Secret"] = key,
            ["Netflix__Cdn__CurrentKeyId"] = "prod-1",
            ["Edge__SigningKeys__0__Id"] = "prod-1",
            ["Edge__SigningKeys__0__Secret"] = key,
        };
        try
        {
            foreach (var (name, environment) in new[] { ("Development", new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Development" }), ("Production", production) })
            {
                var gatewayPort = FreePort.Next();
                await using var silo = await BuiltApp.Silo.StartAsync(
                    ["--region", "us-west", "--storage", "memory", "--silo-port", FreePort.Next().ToString(), "--gateway-port", gatewayPort.ToString(),
                     "--origin-port", "0", "--origin-root", Path.Combine(root, name, "origin"), "--work-root", Path.Combine(root, name, "work")],
                    SiloProgram.ReadyMarker, TimeSpan.FromSeconds(90), environment);
                await using var edge = await BuiltApp.Edge.StartAsync(
                    ["--edge-id", $"e-{name.ToLowerInvariant()}", "--region", "us-west", "--location", "x", "--urls", $"http://127.0.0.1:{FreePort.Next()}",
                     "--cache-root", Path.Combine(root, name, "edge"), "--gateway", $"127.0.0.1:{gatewayPort}", "--data-plane", "kestrel"],
                    EdgeProgram.ReadyMarker, TimeSpan.FromSeconds(90), environment);
                await using var web = await BuiltApp.Web.StartAsync(["--region", "us-west", "--gateway", $"127.0.0.1:{gatewayPort}", "--urls", $"http://127.0.0.1:{FreePort.Next()}"],
                    WebProgram.ReadyMarker, TimeSpan.FromSeconds(90), environment);
                Assert.DoesNotContain("Exception", edge.Output);
                Assert.DoesNotContain("Exception", web.Output);
            }
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
