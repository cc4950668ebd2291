using System.Net;
using System.Security.Cryptography;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Web;

/// <summary>
/// A title ingested from video shows posters cut from its own frames: its artwork variants are its stills, the website
/// sends the browser to an edge for them, and the edge's link opens the artwork folder and nothing else of the title.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class StillArtworkTests(WebClusterFixture fixture)
{
    [Fact]
    public async Task AnIngestedTitlesArtwork_IsItsStills_ServedByAnEdge_WithALinkThatOpensNoVideo()
    {
        var assets = (await fixture.Client.GetGrain<ITitleAssetsGrain>(WebClusterFixture.PlayableTitle).Get())!;
        var stills = assets.Stills ?? [];
        Assert.InRange(stills.Length, 2, ArtworkStills.Count);
        var title = (await fixture.Client.GetGrain<ITitleGrain>(WebClusterFixture.PlayableTitle).Get())!;
        Assert.Equal(stills.Select(s => s.StillId), title.Artwork.Select(a => a.ArtworkId));
        Assert.All(title.Artwork, a => Assert.Equal("frame", a.Tags[0]));

        using var browser = fixture.Web.NewApiSession(); // posters are public, like artwork on a CDN
        foreach (var still in stills)
        {
            var redirect = await browser.GetAsync($"/art/{WebClusterFixture.PlayableTitle}/{still.StillId}.svg");
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            var edgeUrl = redirect.Headers.Location!;
            Assert.NotEqual(new Uri(fixture.Web.BaseUrl).Authority, edgeUrl.Authority);
            var poster = await browser.Http.GetAsync(edgeUrl);
            Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
            Assert.Equal("image/jpeg", poster.Content.Headers.ContentType?.MediaType);
            // The very file the title published: its bytes match the index.
            var indexed = assets.Files.Single(f => f.Path == assets.Folder() + still.Poster);
            Assert.Equal(indexed.Sha256, Convert.ToHexStringLower(SHA256.HashData(await poster.Content.ReadAsByteArrayAsync())));
        }

        // The link's token covers the artwork folder only: the title's segments stay behind a play's own token.
        var link = (await browser.GetAsync($"/art/{WebClusterFixture.PlayableTitle}/default.svg")).Headers.Location!.ToString();
        var segment = assets.SegmentsOf(assets.Video[0])[0].Path;
        var withArtworkToken = link[..(link.IndexOf("/v1/", StringComparison.Ordinal) + 4)] + link.Split('/')[link.Split('/').ToList().IndexOf("v1") + 1] + "/" + segment;
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.Http.GetAsync(withArtworkToken)).StatusCode);
    }

    [Fact]
    public async Task ATitleWithoutVideo_KeepsItsGeneratedPoster()
    {
        var seeded = (await fixture.Client.GetGrain<ICatalogGrain>(CatalogKeys.Main).Browse(new BrowseQuery(null, Common.MaturityRating.Age18, 1, 5))).Items
            .First(t => t.TitleId != WebClusterFixture.PlayableTitle);
        using var browser = fixture.Web.NewApiSession();
        var poster = await browser.GetAsync($"/art/{seeded.TitleId}/default.svg");
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Equal("image/svg+xml", poster.Content.Headers.ContentType?.MediaType);
    }
}
