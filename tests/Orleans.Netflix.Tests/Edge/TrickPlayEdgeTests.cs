using System.Net;
using System.Security.Cryptography;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>
/// A title's trick-play thumbnails come through the edges like its segments: the VTT and the sprite sheets resolve
/// under the token steering signs for the master playlist, with their media types; without a valid token for the title
/// they are refused; a token capped below every rendition still gets them (they are smaller than any rendition).
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class TrickPlayEdgeTests(EdgeClusterFixture fixture)
{
    [Fact]
    public async Task TheVttAndItsSprites_AreServedUnderTheSteeredToken_WithTheirMediaTypes_AndRefusedWithoutOne()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var titleId = $"t-thumbs-{suffix}";
        var assets = await fixture.IngestAsync(titleId, seconds: 6);
        var track = assets.TrickPlay;
        Assert.NotNull(track);
        Assert.Equal(("trickplay/thumbnails.vtt", 4.0, 2, 1), (track.Vtt, track.IntervalSeconds, track.Count, track.Sheets));
        var folder = assets.Folder();
        var indexed = assets.Files.ToDictionary(f => f.Path, f => f.Sha256);
        Assert.Contains(folder + track.Vtt, indexed.Keys);
        Assert.Contains(folder + "trickplay/sheet-001.jpg", indexed.Keys);

        await using var edge = await fixture.StartEdgeAsync($"e-thumbs-{suffix}", location: $"site-{suffix}");
        var registry = fixture.Client.GetGrain<IEdgeRegistryGrain>("us-east");
        await Eventually.TrueAsync(async () => (await registry.Live()).Any(e => e.Report.EdgeId == edge.EdgeId));
        // Capped below the title's only rendition (144p): the thumbnails are still the token's to fetch.
        var steered = await fixture.Client.GetGrain<ISteeringGrain>("us-east").Steer(new SteeringRequest(titleId, $"s-{suffix}", "us-east", $"site-{suffix}", MaxVideoHeight: 120));
        var master = new Uri(Assert.Single(steered.Edges, e => e.EdgeId == edge.EdgeId).MasterPlaylistUrl);

        var vttUrl = new Uri(master, track.Vtt);
        using var vtt = await edge.Http.GetAsync(vttUrl);
        Assert.Equal(HttpStatusCode.OK, vtt.StatusCode);
        Assert.Equal("text/vtt", vtt.Content.Headers.ContentType!.MediaType);
        var text = await vtt.Content.ReadAsStringAsync();
        Assert.Equal(indexed[folder + track.Vtt], Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))));
        var cues = TrickPlayVtt.Parse(text);
        Assert.Equal([0.0, 4], cues.Select(c => c.Start.TotalSeconds));

        var sheetUrl = new Uri(vttUrl, cues[1].Sheet);
        Assert.StartsWith(new Uri(master, ".").AbsoluteUri, sheetUrl.AbsoluteUri); // same edge, same token
        using var sheet = await edge.Http.GetAsync(sheetUrl);
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        Assert.Equal("image/jpeg", sheet.Content.Headers.ContentType!.MediaType);
        var bytes = await sheet.Content.ReadAsByteArrayAsync();
        Assert.Equal(indexed[folder + "trickplay/sheet-001.jpg"], Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal([0xFF, 0xD8], bytes[..2]); // a JPEG
        Assert.Equal("*", await CorsAsync(edge, vttUrl)); // the player fetches the VTT from the website's page

        // No token, a tampered one, or one for another title: refused, as for segments.
        var path = folder + "trickplay/sheet-001.jpg";
        Assert.Equal(HttpStatusCode.Forbidden, (await edge.Http.GetAsync($"/v1/{path}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await edge.Http.GetAsync($"/{path}")).StatusCode);
        var token = sheetUrl.AbsolutePath.Split('/')[2];
        var tampered = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];
        Assert.Equal(HttpStatusCode.Forbidden, (await edge.Http.GetAsync(edge.Url(tampered, path))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await edge.Http.GetAsync(edge.Url(EdgeClusterFixture.Token("t-other-title"), folder + track.Vtt))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await edge.Http.GetAsync(new Uri(vttUrl, "sheet-999.jpg"))).StatusCode);

        // The origin behind the edge names the same types (asked as an edge asks: with the trusted tier's credential).
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = Orleans.Netflix.Common.OriginCredentials.Header(Orleans.Netflix.Common.TierKey.FromSetting(null));
        Assert.Equal("image/jpeg", (await http.GetAsync(fixture.OriginUrl + path)).Content.Headers.ContentType!.MediaType);
        Assert.Equal("text/vtt", (await http.GetAsync(fixture.OriginUrl + folder + track.Vtt)).Content.Headers.ContentType!.MediaType);
    }

    private static async Task<string> CorsAsync(RunningEdge edge, Uri url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "https://player.example");
        using var response = await edge.Http.SendAsync(request);
        return response.Headers.GetValues("Access-Control-Allow-Origin").Single();
    }
}
