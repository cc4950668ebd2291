using System.Net;
using Orleans.Netflix.Members;
using Orleans.Netflix.Silo;
using Orleans.Netflix.Tests.Infrastructure;
using Orleans.Netflix.Tests.Web;
using Orleans.Netflix.Web;

namespace Orleans.Netflix.Tests.Processes;

/// <summary>The website as its own process, a client of a real silo process: sign in as a seeded member, then lose the region.</summary>
public sealed class WebProcessTests
{
    [Fact]
    public async Task ASeededMemberSignsIn_AndWhenTheRegionDies_PagesAndApiAnswer503_NotAStackTrace()
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-web-process-{Guid.NewGuid():N}");
        var gatewayPort = FreePort.Next();
        var webPort = FreePort.Next();
        try
        {
            await using var silo = await BuiltApp.Silo.StartAsync(
                ["--region", "us-west", "--storage", "memory", "--silo-port", FreePort.Next().ToString(), "--gateway-port", gatewayPort.ToString(),
                 "--origin-port", "0", "--origin-root", Path.Combine(root, "origin"), "--work-root", Path.Combine(root, "work")],
                SiloProgram.ReadyMarker, TimeSpan.FromSeconds(60));
            var seeded = await BuiltApp.Client.RunAsync(["seed", "--titles", "60", "--members", "3", "--plays", "0", "--region", "us-west",
                "--gateway", $"127.0.0.1:{gatewayPort}", "--json"], TimeSpan.FromSeconds(120));
            Assert.True(seeded.ExitCode == 0, $"seed: exit {seeded.ExitCode}: {seeded.StdErr}");
            await using var web = await BuiltApp.Web.StartAsync(["--region", "us-west", "--gateway", $"127.0.0.1:{gatewayPort}", "--urls", $"http://127.0.0.1:{webPort}"],
                WebProgram.ReadyMarker, TimeSpan.FromSeconds(60));

            using var api = new ApiSession($"http://127.0.0.1:{webPort}");
            var signedIn = await api.SignInAsync(MemberEmails.SeededEmail("m-00002"), MemberEmails.DemoPassword);
            Assert.True(signedIn.IsSuccessStatusCode, $"sign-in: {(int)signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
            var home = await api.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Contains("Sign out", await home.Content.ReadAsStringAsync());

            silo.Kill();
            var page = await api.GetAsync("/");
            var html = await page.Content.ReadAsStringAsync();
            Assert.True(page.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)page.StatusCode}: {html}");
            Assert.Contains("This region is unavailable", html);
            Assert.DoesNotContain("Exception", html);
            Assert.NotNull(page.Headers.RetryAfter);
            var apiHome = await api.GetAsync("/api/home");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, apiHome.StatusCode);
            Assert.Equal("application/problem+json", apiHome.Content.Headers.ContentType?.MediaType);
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

    [Fact]
    public async Task AWebsiteWhoseRegionDoesNotAnswer_SaysSoInOneLine_AndExits1()
    {
        var result = await BuiltApp.Web.RunAsync(["--region", "eu-west", "--gateway", $"127.0.0.1:{FreePort.Next()}", "--urls", $"http://127.0.0.1:{FreePort.Next()}"],
            TimeSpan.FromSeconds(90), new Dictionary<string, string> { ["Web__ConnectTimeout"] = "00:00:05" });
        Assert.True(result.ExitCode == WebProgram.ExitFailed, $"exit {result.ExitCode}: {result.StdOut}{result.StdErr}");
        Assert.Contains("error: the website failed to start: region eu-west's cluster did not answer within 5 s", result.StdErr);

        var bad = await BuiltApp.Web.RunAsync(["--region", "mars"], TimeSpan.FromSeconds(30));
        Assert.Equal(WebProgram.ExitBadSetup, bad.ExitCode);
        Assert.Contains("unknown region 'mars'", bad.StdErr);
    }
}
