using Microsoft.Playwright;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Web;

/// <summary>
/// The website as a member uses it, in headless Chromium driven by Playwright through accessible names only: sign in,
/// the home screen's pictures, a title page, pressing Play, resuming, an edge dying mid-play, a refused play.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class WebsiteBrowserTests(WebClusterFixture fixture)
{
    private const string Time = "document.querySelector('video').currentTime";
    private const string CurrentTime = "() => " + Time;
    private static readonly System.Text.RegularExpressions.Regex WatchPage = new("/watch/");

    [Fact]
    public async Task SignIn_ShowsAPersonalHomeScreen_OfAtLeast40TilesWhosePicturesLoaded()
    {
        var page = await fixture.SignedInPageAsync(fixture.Web, WebClusterFixture.Ada);

        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('a.tile img')].every(i => i.complete)", null, new() { Timeout = 30_000 });
        var loaded = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('a.tile img')].filter(i => i.complete && i.naturalWidth > 0).length");
        Assert.True(loaded >= 40, $"{loaded} tiles with a loaded picture");
        // Every tile is a link named by its title, leading to the title's page.
        var first = page.Locator("a.tile").First;
        var name = (await first.Locator(".name").InnerTextAsync()).Trim();
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).Locator("visible=true").First.CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/title/"));
        Assert.Equal(name, (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync()).Trim());
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PressPlay_PlaysPastFiveSeconds_WithHeartbeats_AndLeavingStopsTheSessionWithItsQoe()
    {
        var page = await fixture.SignedInPageAsync(fixture.Web, WebClusterFixture.Bob);
        await page.GotoAsync($"/title/{WebClusterFixture.PlayableTitle}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Play", Exact = true }).ClickAsync();
        // The click only starts the navigation: the player's script runs before the watch page's load event.
        await page.WaitForURLAsync(WatchPage);

        Assert.Equal(1, await page.Locator("video").CountAsync());
        await page.WaitForFunctionAsync($"() => {Time} > 5 || window.player.errors.length > 0 || window.player.refused", null, new() { Timeout = 60_000 });
        await AssertNoPlayerErrorsAsync(page);
        var sessionId = await page.EvaluateAsync<string>("() => window.player.sessionId");

        // The title's English audio is playing, and its English subtitles can be switched on.
        Assert.Equal("English", await page.GetByLabel("Audio").Locator("option:checked").InnerTextAsync());
        await page.GetByLabel("Subtitles").SelectOptionAsync(new SelectOptionValue { Label = "English" });
        await page.WaitForFunctionAsync("() => window.player.hls.subtitleTrack === 0 && [...document.querySelector('video').textTracks].some(t => t.mode === 'showing')",
            null, new() { Timeout = 15_000 });

        // A pause sends a heartbeat at once; the session grain has it.
        await page.EvaluateAsync("() => document.querySelector('video').pause()");
        var pausedAt = await page.EvaluateAsync<double>(CurrentTime);
        var session = fixture.Client.GetGrain<IPlaybackSessionGrain>(sessionId);
        // The pause's own heartbeat carries where the picture stopped; a periodic one from before may already be there.
        await Eventually.TrueAsync(async () => await session.Get() is { LastHeartbeat: not null } beat && Math.Abs(beat.Position.TotalSeconds - pausedAt) < 1,
            seconds: 15);
        var view = (await session.Get())!;
        Assert.Equal(PlaybackStatus.Playing, view.Status);
        Assert.Equal(WebClusterFixture.Bob, view.MemberId);
        Assert.Equal(Members.DeviceKind.Web, view.Device);
        Assert.True(view.Position.TotalSeconds > 4, $"heartbeat position {view.Position}");

        // Leaving the page sends the stop with the QoE summary.
        await page.GotoAsync("/");
        await Eventually.TrueAsync(async () => (await session.Get())!.Status == PlaybackStatus.Stopped, seconds: 15);
        var qoe = (await session.Get())!.Qoe;
        Assert.NotNull(qoe);
        Assert.True(qoe.PlayedSeconds > 4, $"played {qoe.PlayedSeconds} s");
        Assert.True(qoe.StartupSeconds > 0);
        Assert.True(qoe.BytesPerEdge.Values.Sum() > 0, "no bytes counted per edge");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReloadingThePlayer_ResumesNearWhereItWas()
    {
        var page = await fixture.SignedInPageAsync(fixture.Web, WebClusterFixture.Cy);
        await page.GotoAsync($"/watch/{WebClusterFixture.PlayableTitle}?start=0");
        // Past the first periodic heartbeat (10 s after the start), so the position is known even if the stop that
        // leaving sends arrives after the reloaded page has started its new session.
        await page.WaitForFunctionAsync($"() => ({Time} > 12 && window.player.heartbeats > 0) || window.player.errors.length > 0 || window.player.refused",
            null, new() { Timeout = 60_000 });
        await AssertNoPlayerErrorsAsync(page);
        var before = await page.EvaluateAsync<double>(CurrentTime);

        await page.ReloadAsync();
        Assert.DoesNotContain("start=", page.Url); // "from the beginning" applied once
        await page.WaitForFunctionAsync("() => window.player.sessionId && document.querySelector('video').currentTime > 0", null, new() { Timeout = 60_000 });
        var resumed = await page.EvaluateAsync<double>(CurrentTime);
        Assert.True(resumed >= 8 && resumed <= before + 2, $"resumed at {resumed:0.0} s after leaving at {before:0.0} s");

        // The title page offers to resume, not to start over.
        await page.GotoAsync($"/title/{WebClusterFixture.PlayableTitle}");
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Resume", Exact = true }).IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheEdgeServingThePlayerDies_PlaybackGoesOnFromTheNextEdge_WithoutAStall()
    {
        const string site = "web-failover";
        var edges = await fixture.StartEdgesAsync(site);
        var web = await fixture.StartWebAsync(site);
        var page = await fixture.SignedInPageAsync(web, WebClusterFixture.Dee);
        await page.GotoAsync($"/watch/{WebClusterFixture.PlayableTitle}?start=0");
        await page.WaitForFunctionAsync("""
            () => { const v = document.querySelector('video'); const b = v.buffered;
                    const ahead = b.length ? b.end(b.length - 1) - v.currentTime : 0;
                    return (v.currentTime > 2 && ahead >= 10 && window.player.currentEdge) || window.player.errors.length > 0; }
            """, null, new() { Timeout = 60_000 });
        await AssertNoPlayerErrorsAsync(page);

        var serving = await page.EvaluateAsync<string>("() => window.player.currentEdge");
        var dying = edges.Single(e => e.EdgeId == serving);
        var survivor = edges.Single(e => e.EdgeId != serving);
        var killedAt = await page.EvaluateAsync<double>(CurrentTime);
        var bufferedTo = await page.EvaluateAsync<double>("() => { const b = document.querySelector('video').buffered; return b.end(b.length - 1); }");
        var rebuffersBefore = await page.EvaluateAsync<int>("() => window.player.qoe.rebuffers");
        var survivorBytesBefore = (await page.EvaluateAsync<Dictionary<string, double>>("() => window.player.bytesPerEdge")).GetValueOrDefault(survivor.EdgeId);
        await dying.DisposeAsync();

        // Play on until well past what was buffered when the edge died: those segments came from the survivor.
        var target = Math.Min(bufferedTo + 6, double.Parse(WebClusterFixture.PlayableSeconds) - 2);
        await page.WaitForFunctionAsync($"() => {Time} > {target.ToString(System.Globalization.CultureInfo.InvariantCulture)} || window.player.errors.length > 0",
            null, new() { Timeout = 90_000 });
        await AssertNoPlayerErrorsAsync(page);
        var bytes = await page.EvaluateAsync<Dictionary<string, double>>("() => window.player.bytesPerEdge");
        Assert.True(bufferedTo + 6 < double.Parse(WebClusterFixture.PlayableSeconds) - 2, $"the title was buffered to {bufferedTo:0.0} s when the edge died: nothing was left to fetch");
        Assert.True(bytes.GetValueOrDefault(survivor.EdgeId) > survivorBytesBefore,
            $"nothing from {survivor.EdgeId} after {serving} died at {killedAt:0.0} s (buffered to {bufferedTo:0.0} s): {string.Join(", ", bytes)}");
        Assert.Equal(survivor.EdgeId, await page.EvaluateAsync<string>("() => window.player.currentEdge"));
        var stalls = await page.EvaluateAsync<string>("() => JSON.stringify({ stalls: window.player.stalls, failovers: window.player.failovers })");
        Assert.True(rebuffersBefore == await page.EvaluateAsync<int>("() => window.player.qoe.rebuffers"), $"stalled after {serving} died at {killedAt:0.0} s: {stalls}");
        await page.Context.CloseAsync();
        await survivor.DisposeAsync();
    }

    [Fact]
    public async Task APlayAboveTheMembersMaturityLimit_ShowsWhyItWasRefused()
    {
        var page = await fixture.SignedInPageAsync(fixture.Web, WebClusterFixture.Kid);
        await page.GotoAsync($"/title/{WebClusterFixture.PlayableTitle}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Play", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(WatchPage);
        var alert = page.GetByRole(AriaRole.Alert);
        await alert.WaitForAsync(new() { Timeout = 30_000 });
        var text = await alert.InnerTextAsync();
        Assert.Contains("above this profile's limit", text);
        Assert.Equal(403, await page.EvaluateAsync<int>("() => window.player.refused.status"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SearchAndGenrePages_ListTitlesAsNamedLinks_WithPaging()
    {
        var page = await fixture.SignedInPageAsync(fixture.Web, WebClusterFixture.Ada);
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" });
        await search.FillAsync("the");
        await search.PressAsync("Enter");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/search\\?q=the"));
        Assert.True(await page.Locator("a.tile").CountAsync() > 0, "no search results for 'the'");

        await page.GotoAsync("/genres");
        var biggest = await page.EvaluateAsync<string>(
            "() => [...document.querySelectorAll('.genres li')].sort((a, b) => +b.querySelector('.count').textContent - +a.querySelector('.count').textContent)[0].querySelector('a').textContent");
        await page.GetByRole(AriaRole.Link, new() { Name = biggest, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/genre/"));
        Assert.Equal(20, await page.Locator("a.tile").CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("page=2"));
        Assert.True(await page.Locator("a.tile").CountAsync() > 0);

        await page.GotoAsync("/title/t-no-such-title");
        Assert.Equal("Not found", (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync()).Trim());
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.Context.CloseAsync();
    }

    private static async Task AssertNoPlayerErrorsAsync(IPage page)
    {
        var errors = await page.EvaluateAsync<string[]>("() => window.player.errors");
        var refused = await page.EvaluateAsync<string?>("() => window.player.refused ? JSON.stringify(window.player.refused) : null");
        Assert.True(errors.Length == 0 && refused is null, $"player errors: {string.Join("; ", errors)}; refused: {refused}");
    }
}
