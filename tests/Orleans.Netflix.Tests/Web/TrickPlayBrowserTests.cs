using System.Globalization;
using Microsoft.Playwright;
using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Web;

/// <summary>
/// The player's seek bar in headless Chromium: hovering it over a playing title shows the title's trick-play tile for the
/// hovered time (the sprite sheet from the edge, under the session's token, at the position the VTT's cue gives), with
/// the time; dragging it shows the tile of the dragged-to time and seeks there when let go.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class TrickPlayBrowserTests(WebClusterFixture fixture)
{
    [Fact]
    public async Task HoveringTheSeekBar_ShowsTheTileOfTheHoveredTime_AndDraggingShowsAndSeeks()
    {
        var assets = (await fixture.Client.GetGrain<ITitleAssetsGrain>(WebClusterFixture.PlayableTitle).Get())!;
        Assert.NotNull(assets.TrickPlay);
        var cues = TrickPlayVtt.Parse(await File.ReadAllTextAsync(Path.Combine(fixture.OriginRoot, assets.Folder() + assets.TrickPlay.Vtt)));
        Assert.Equal(15, cues.Count); // 60 s at one tile per 4 s

        var page = await fixture.SignedInPageAsync(fixture.Web, WebClusterFixture.Ada);
        await page.GotoAsync($"/watch/{WebClusterFixture.PlayableTitle}?start=0");
        await page.WaitForFunctionAsync("""
            () => (document.querySelector('video').currentTime > 1 && !document.getElementById('seek').disabled && window.player.thumbnails.cues.length > 0)
                  || window.player.errors.length > 0 || window.player.refused
            """, null, new() { Timeout = 60_000 });
        var errors = await page.EvaluateAsync<string[]>("() => window.player.errors");
        Assert.True(errors.Length == 0, string.Join("; ", errors));
        // The manifest gave one signed VTT URL per steered edge, under the same token as that edge's master playlist.
        var urls = await page.EvaluateAsync<string[]>("() => window.player.thumbnails.urls.map(u => u.url)");
        var bases = await page.EvaluateAsync<string[]>("() => window.player.edges.map(e => e.baseUrl)");
        Assert.Equal(bases.Select(b => b + assets.TrickPlay.Vtt), urls);

        var seek = page.GetByRole(AriaRole.Slider, new() { Name = "Seek" });
        var bar = (await seek.BoundingBoxAsync())!;
        var duration = await page.EvaluateAsync<double>("() => document.querySelector('video').duration");
        Assert.InRange(duration, 59, 61);

        // Mid-interval times, so a pixel's rounding cannot cross a cue: the first tile, one in the first row, one in the second.
        foreach (var target in new[] { 38.0, 2.0, 50.0 })
        {
            await seek.HoverAsync(new() { Position = new() { X = (float)(bar.Width * target / duration), Y = bar.Height / 2 } });
            await page.Locator("#seek-preview").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5_000 });
            var shown = double.Parse(await page.Locator("#seek-preview").GetAttributeAsync("data-time") ?? "nan", CultureInfo.InvariantCulture);
            Assert.InRange(shown, target - 0.5, target + 0.5);
            await AssertTileAsync(page, assets, TrickPlayVtt.At(cues, TimeSpan.FromSeconds(shown))!, shown);
        }
        Assert.Equal(2400, await page.EvaluateAsync<int>("""
            () => new Promise(done => { const image = new Image(); image.onload = () => done(image.naturalWidth); image.onerror = () => done(-1);
                                        image.src = window.player.thumbnails.cues[0].url; })
            """)); // the sheet itself loads from the edge: 10 tiles of 240 px across

        // Drag from the start to about 43 s: while held, the tile of the value; let go, the video plays from there.
        bar = (await seek.BoundingBoxAsync())!; // where it is now: hovering scrolled it into view
        await page.Mouse.MoveAsync(bar.X + 2, bar.Y + bar.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(bar.X + (float)(bar.Width * 43.0 / duration), bar.Y + bar.Height / 2, new() { Steps = 8 });
        var dragged = await page.EvaluateAsync<double>("() => Number(document.getElementById('seek').value)");
        Assert.InRange(dragged, 41, 45);
        await page.WaitForFunctionAsync($"() => Math.abs(Number(document.getElementById('seek-preview').dataset.time) - {dragged.ToString(CultureInfo.InvariantCulture)}) < 0.01");
        await AssertTileAsync(page, assets, TrickPlayVtt.At(cues, TimeSpan.FromSeconds(dragged))!, dragged);
        await page.Mouse.UpAsync();
        await page.WaitForFunctionAsync($"() => Math.abs(document.querySelector('video').currentTime - {dragged.ToString(CultureInfo.InvariantCulture)}) < 2",
            null, new() { Timeout = 15_000 });
        await page.Context.CloseAsync();
    }

    /// <summary>The preview shows <paramref name="cue"/>'s tile: a sheet of this title on the edge, at the cue's position, at the tile's size, with the time.</summary>
    private static async Task AssertTileAsync(IPage page, TitleAssets assets, TrickPlayCue cue, double time)
    {
        var style = await page.EvaluateAsync<Dictionary<string, string>>("""
            () => { const s = getComputedStyle(document.getElementById('seek-thumbnail'));
                    return { image: s.backgroundImage, x: s.backgroundPositionX, y: s.backgroundPositionY, width: s.width, height: s.height }; }
            """);
        var folder = assets.Folder();
        Assert.Matches($@"^url\(""https?://[^""]+/v1/[^/""]+/{System.Text.RegularExpressions.Regex.Escape(folder)}trickplay/{System.Text.RegularExpressions.Regex.Escape(cue.Sheet)}""\)$",
            style["image"]);
        Assert.Equal((-cue.X, -cue.Y), (Pixels(style["x"]), Pixels(style["y"])));
        Assert.Equal((cue.Width, cue.Height), (Pixels(style["width"]), Pixels(style["height"])));
        var seconds = (int)Math.Floor(time);
        Assert.Equal($"{seconds / 60}:{seconds % 60:00}", (await page.Locator("#seek-preview-time").InnerTextAsync()).Trim());
    }

    private static int Pixels(string css) => (int)Math.Round(double.Parse(css.Replace("px", "", StringComparison.Ordinal), CultureInfo.InvariantCulture));
}
