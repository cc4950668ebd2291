using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>Titles and the catalog written in any region are in every region: imports, re-ratings and withdrawals alike.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CatalogEverywhereTests(PostgresFixture fixture)
{
    [Fact]
    public async Task ImportsInTwoRegionsAtOnce_BothReachEveryRegion_AndALaterReRatingReplacesTheEarlierEverywhere()
    {
        await using var regions = await RegionClusters.CreateAsync(fixture, "catalog_all");
        await regions.StartAllAsync();
        var generated = new CatalogGenerator(11).Titles(80);
        TitleRecord[] east = [.. generated.Take(40).Select(t => t with { TitleId = $"east-{t.TitleId}" })];
        TitleRecord[] west = [.. generated.Skip(40).Select(t => t with { TitleId = $"west-{t.TitleId}" })];

        // The same moment in two regions: neither import may hide the other's titles.
        await Task.WhenAll(
            Import(regions, "us-east", east),
            Import(regions, "us-west", west));
        foreach (var region in NetflixRegions.Shipped.All.Select(r => r.Name))
            await Eventually.TrueAsync(async () => await Catalog(regions, region).Count() == 80, seconds: 20);
        var genres = await Catalog(regions, "us-east").Genres();
        foreach (var region in new[] { "us-west", "eu-west" })
        {
            Assert.Equal(genres, await Catalog(regions, region).Genres());
            Assert.Equal((await Catalog(regions, "us-east").Browse(new BrowseQuery(null, MaturityRating.Age18, 1, 100))).Items.Select(t => t.TitleId),
                (await Catalog(regions, region).Browse(new BrowseQuery(null, MaturityRating.Age18, 1, 100))).Items.Select(t => t.TitleId));
        }

        // eu-west re-rates a title us-east imported: every region's title and catalog follow, and nothing older comes back.
        var rerated = east[0] with { Metadata = east[0].Metadata with { Name = "Harbour of Glass", Maturity = MaturityRating.Age18 } };
        await Import(regions, "eu-west", [rerated]);
        foreach (var region in NetflixRegions.Shipped.All.Select(r => r.Name))
        {
            await Eventually.TrueAsync(async () =>
                (await Catalog(regions, region).Search("harbour of glass", MaturityRating.Age18, 5)).Select(t => t.TitleId).SequenceEqual([rerated.TitleId]), seconds: 20);
            await Eventually.TrueAsync(async () => await regions[region].Client.GetGrain<ITitleGrain>(rerated.TitleId).Get() is
                { Metadata.Maturity: MaturityRating.Age18, Version: 2 }, seconds: 20);
            Assert.Empty(await Catalog(regions, region).Search("harbour of glass", MaturityRating.Age16, 5));
        }

        // A withdrawal in us-west is a write like any other.
        // (Acknowledged once one other region holds it; the third may take a moment, as may dropping an activation there.)
        await regions["us-west"].Client.GetGrain<ITitleGrain>(east[1].TitleId).SetAvailability(TitleAvailability.Withdrawn);
        foreach (var region in new[] { "us-east", "eu-west" })
        {
            await Eventually.TrueAsync(async () =>
                (await regions[region].Client.GetGrain<ITitleGrain>(east[1].TitleId).Get())!.Availability == TitleAvailability.Withdrawn, seconds: 20);
        }
        Assert.Equal(80, await Catalog(regions, "us-east").Count());
    }

    [Fact]
    public async Task ARegionThatWasDown_FindsTheWholeCatalog_WhenItComesBack()
    {
        await using var regions = await RegionClusters.CreateAsync(fixture, "catalog_late");
        await regions.StartAsync("us-east");
        await regions.StartAsync("us-west");
        TitleRecord[] titles = [.. new CatalogGenerator(12).Titles(30)];
        await Import(regions, "us-east", titles);

        await regions.StartAsync("eu-west");
        await Eventually.TrueAsync(async () => await Catalog(regions, "eu-west").Count() == 30, seconds: 30);
        var shown = await regions["eu-west"].Client.GetGrain<ITitleGrain>(titles[7].TitleId).Get();
        Assert.Equal(titles[7].Metadata.Name, shown!.Metadata.Name);
        Assert.Equal(titles[7].Metadata.Cast, shown.Metadata.Cast);
    }

    private static Task<int> Import(RegionClusters regions, string region, TitleRecord[] titles) =>
        regions[region].Client.GetGrain<ICatalogImportGrain>(ImportKeys.Default).ImportTitles(titles);

    private static ICatalogGrain Catalog(RegionClusters regions, string region) => regions[region].Client.GetGrain<ICatalogGrain>(CatalogKeys.Main);
}
