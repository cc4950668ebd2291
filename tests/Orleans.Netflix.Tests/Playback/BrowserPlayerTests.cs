using Microsoft.Playwright;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Tests.Edge;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Playback;

/// <summary>
/// The browser player: headless Chromium (Debian's, driven by Playwright) opens the edge's /player/ page
/// with a steered, signed master playlist URL, and hls.js plays a title encoded by the pipeline past 5 s.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class BrowserPlayerTests(EdgeClusterFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task HeadlessChromium_PlaysASteeredTitle_PastFiveSeconds_WithoutAPlayerError()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/test.sh installs it (apt-get install chromium)");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var titleId = $"t-browser-{suffix}";
        await fixture.IngestAsync(titleId, seconds: 8);
        await using var edge = await fixture.StartEdgeAsync($"e-browser-{suffix}", location: $"site-{suffix}");
        var registry = fixture.Client.GetGrain<IEdgeRegistryGrain>("us-east");
        await Eventually.TrueAsync(async () => (await registry.Live()).Any(e => e.Report.EdgeId == edge.EdgeId));
        var master = (await fixture.Client.GetGrain<ISteeringGrain>("us-east").Steer(new SteeringRequest(titleId, $"s-{suffix}", "us-east", $"site-{suffix}")))
            .Edges[0].MasterPlaylistUrl;

        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
        });
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        await page.GotoAsync($"{edge.BaseUrl}/player/index.html?src={Uri.EscapeDataString(master)}");

        await page.WaitForFunctionAsync("() => document.getElementById('video').currentTime > 5 || window.player.errors.length > 0",
            null, new PageWaitForFunctionOptions { Timeout = 60_000 });

        var errors = await page.EvaluateAsync<string[]>("() => window.player.errors");
        Assert.True(errors.Length == 0, $"player errors: {string.Join("; ", errors)}; console: {string.Join(" | ", console)}");
        Assert.True(await page.EvaluateAsync<double>("() => document.getElementById('video').currentTime") > 5);
    }
}
