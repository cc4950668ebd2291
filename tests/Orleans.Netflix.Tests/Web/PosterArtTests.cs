using System.Xml.Linq;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Web.Posters;

namespace Orleans.Netflix.Tests.Web;

public sealed class PosterArtTests
{
    private static readonly TitleView Title = new("t-1",
        new TitleMetadata("The Silent <Harbor> & Co", "", 2021, ["Drama", "Crime"], ["Ana Lima"], MaturityRating.Age13, TimeSpan.FromMinutes(95)),
        [], Catalog.TitleAvailability.Playable, 1, 3);

    [Fact]
    public void APoster_IsWellFormedSvg_NamingTheTitle_WithItsTextEscaped()
    {
        var svg = XDocument.Parse(PosterArt.Render(Title, new ArtworkVariant("a1", "", ["mood:dark"])));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        var text = string.Join(" ", svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("<Harbor>", text);
        Assert.Contains("Drama", text);
    }

    [Fact]
    public void TheVariantsTags_VisiblyChangeThePoster()
    {
        var dark = PosterArt.Render(Title, new ArtworkVariant("a1", "", ["mood:dark"]));
        var funny = PosterArt.Render(Title, new ArtworkVariant("a2", "", ["mood:funny"]));
        var starring = PosterArt.Render(Title, new ArtworkVariant("a3", "", ["cast:Ana Lima", "mood:dark"]));
        Assert.NotEqual(dark, funny);
        Assert.Contains("starring Ana Lima", starring);
        Assert.DoesNotContain("starring", dark);
        // Same variant, same picture: browsers and the output cache may keep it.
        Assert.Equal(dark, PosterArt.Render(Title, new ArtworkVariant("a1", "", ["mood:dark"])));
    }
}
