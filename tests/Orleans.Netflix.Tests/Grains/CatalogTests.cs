using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class CatalogTests(ClusterFixture fixture)
{
    private const int Titles = 300;
    private static readonly IReadOnlyList<TitleRecord> Generated = new CatalogGenerator(7).Titles(Titles);

    private ICatalogImportGrain Importer => fixture.Client.GetGrain<ICatalogImportGrain>(ImportKeys.Default);

    private ICatalogGrain MainCatalog => fixture.Client.GetGrain<ICatalogGrain>(CatalogKeys.Main);

    /// <summary>Importing is idempotent, so every test may load the same generated catalog.</summary>
    private async Task ImportGeneratedAsync()
    {
        foreach (var batch in Generated.Chunk(120)) await Importer.ImportTitles(batch);
    }

    [Fact]
    public async Task Import_CreatesEveryTitle_AndIndexesIt_Idempotently()
    {
        await ImportGeneratedAsync();
        await ImportGeneratedAsync();

        Assert.Equal(Titles, await MainCatalog.Count());
        foreach (var record in Generated.Take(25))
        {
            var title = await fixture.Client.GetGrain<ITitleGrain>(record.TitleId).Get();
            Assert.NotNull(title);
            Assert.Equal(record.Metadata.Name, title.Metadata.Name);
            Assert.Equal(record.Metadata.Cast, title.Metadata.Cast);
            Assert.Equal(record.Artwork.Select(a => (a.ArtworkId, string.Join('|', a.Tags))), title.Artwork.Select(a => (a.ArtworkId, string.Join('|', a.Tags))));
            Assert.Equal(TitleAvailability.ComingSoon, title.Availability);
        }
    }

    [Fact]
    public async Task BrowseByGenre_PagesAreDisjoint_Complete_AndMostPopularFirst()
    {
        await ImportGeneratedAsync();
        var expected = Generated.Where(t => t.Metadata.Genres.Contains("Comedy")).ToList();
        Assert.NotEmpty(expected);

        var seen = new List<TitleSummary>();
        var page = 1;
        CatalogPage result;
        do
        {
            result = await MainCatalog.Browse(new BrowseQuery("comedy", MaturityRating.Age18, page++, PageSize: 7));
            Assert.True(result.Items.Length <= 7);
            seen.AddRange(result.Items);
        } while (page <= result.TotalPages);

        Assert.Equal(expected.Count, result.TotalItems);
        Assert.Equal(expected.Select(t => t.TitleId).Order(), seen.Select(t => t.TitleId).Order());
        Assert.Equal(seen.Select(t => t.Popularity).OrderDescending(), seen.Select(t => t.Popularity));
        Assert.Empty((await MainCatalog.Browse(new BrowseQuery("Comedy", MaturityRating.Age18, result.TotalPages + 1, 7))).Items);
    }

    [Fact]
    public async Task Browse_NeverShowsTitlesAboveTheMaturityLimit()
    {
        await ImportGeneratedAsync();

        var page = await MainCatalog.Browse(new BrowseQuery(null, MaturityRating.Age7, 1, CatalogLimits.MaxPageSize));

        Assert.Equal(Generated.Count(t => t.Metadata.Maturity <= MaturityRating.Age7), page.TotalItems);
        Assert.All(page.Items, t => Assert.True(t.Maturity <= MaturityRating.Age7));
    }

    [Fact]
    public async Task Browse_UnknownGenre_IsNotFound()
    {
        await ImportGeneratedAsync();
        var error = await Assert.ThrowsAsync<NotFoundException>(() => MainCatalog.Browse(new BrowseQuery("Polka Noir", MaturityRating.Age18)));
        Assert.Equal("genre", error.Kind);
    }

    [Fact]
    public async Task Genres_CountTitlesPerGenre()
    {
        await ImportGeneratedAsync();
        var genres = await MainCatalog.Genres();
        var expected = Generated.SelectMany(t => t.Metadata.Genres).CountBy(g => g).ToDictionary();
        Assert.Equal(expected, genres.ToDictionary(g => g.Genre, g => g.Titles));
    }

    [Fact]
    public async Task BrowseForMember_AppliesMaturityLimitAndThumbsDown()
    {
        var catalog = fixture.Client.GetGrain<ICatalogGrain>($"catalog-{Guid.NewGuid():N}");
        await catalog.Upsert(
        [
            Summary("kids-1", "Bright Garden", MaturityRating.All, 10),
            Summary("teen-1", "Iron Academy", MaturityRating.Age13, 9),
            Summary("adult-1", "Velvet Heist", MaturityRating.Age18, 8),
            Summary("kids-2", "Lucky Circus", MaturityRating.Age7, 7),
        ]);
        var memberId = $"member-{Guid.NewGuid():N}";
        var member = fixture.Client.GetGrain<IMemberGrain>(memberId);
        await member.Register(new MemberProfile("Teen", "US", "en-US", MaturityRating.Age13), PlanTier.Standard, []);
        await member.Rate("kids-2", Thumb.Down);

        var page = await catalog.BrowseForMember(memberId, null, 1, 20);

        Assert.Equal(["kids-1", "teen-1"], page.Items.Select(t => t.TitleId));
        await Assert.ThrowsAsync<NotFoundException>(() => catalog.BrowseForMember($"nobody-{Guid.NewGuid():N}", null, 1, 20));
    }

    [Fact]
    public async Task Search_MatchesEveryWord_IgnoringCaseAndAccents_BestMatchFirst()
    {
        var catalog = fixture.Client.GetGrain<ICatalogGrain>($"catalog-{Guid.NewGuid():N}");
        await catalog.Upsert(
        [
            Summary("a", "Amélie: Part II", MaturityRating.Age13, 1),
            Summary("b", "The Silent Harbor", MaturityRating.Age13, 50),
            Summary("c", "Silent Harbor", MaturityRating.Age13, 5),
            Summary("d", "Harbor Lights", MaturityRating.Age18, 90),
        ]);

        Assert.Equal(["a"], (await catalog.Search("AMELIE part", MaturityRating.Age18, 10)).Select(t => t.TitleId));
        Assert.Equal(["c", "b"], (await catalog.Search("silent harbor", MaturityRating.Age18, 10)).Select(t => t.TitleId));
        Assert.Equal(["d", "b", "c"], (await catalog.Search("harbor", MaturityRating.Age18, 10)).Select(t => t.TitleId));
        Assert.DoesNotContain("d", (await catalog.Search("harbor", MaturityRating.Age16, 10)).Select(t => t.TitleId));
        Assert.Empty(await catalog.Search("  ", MaturityRating.Age18, 10));
    }

    [Fact]
    public async Task ImportBatch_WithDuplicateOrTooMany_IsRefusedWhole()
    {
        var id = $"dup-{Guid.NewGuid():N}";
        var record = Generated[0] with { TitleId = id };

        await Assert.ThrowsAsync<ArgumentException>(() => Importer.ImportTitles([record, record]));
        Assert.Null(await fixture.Client.GetGrain<ITitleGrain>(id).Get());

        var tooMany = Enumerable.Range(0, CatalogLimits.MaxImportBatch + 1).Select(i => Generated[0] with { TitleId = $"{id}-{i}" }).ToArray();
        await Assert.ThrowsAsync<ArgumentException>(() => Importer.ImportTitles(tooMany));
    }

    [Fact]
    public async Task UnknownTitle_ReadsAsNull_AndRefusesUpdates()
    {
        var title = fixture.Client.GetGrain<ITitleGrain>($"title-{Guid.NewGuid():N}");

        Assert.Null(await title.Get());
        await Assert.ThrowsAsync<NotFoundException>(() => title.SetAvailability(TitleAvailability.Playable));
        await Assert.ThrowsAsync<ArgumentException>(() => title.Upsert(Generated[0].Metadata with { Year = 1700 }, [], 1));
        await Assert.ThrowsAsync<ArgumentException>(() => title.Upsert(Generated[0].Metadata with { Genres = [] }, [], 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => title.Upsert(Generated[0].Metadata, [], double.NaN));
        Assert.Null(await title.Get());
    }

    [Fact]
    public async Task TitleAvailability_CanChange_AndIsKeptAcrossMetadataUpdates()
    {
        var title = fixture.Client.GetGrain<ITitleGrain>($"title-{Guid.NewGuid():N}");
        await title.Upsert(Generated[1].Metadata, Generated[1].Artwork, 3);

        await title.SetAvailability(TitleAvailability.Playable);
        var updated = await title.Upsert(Generated[1].Metadata with { Synopsis = "New synopsis." }, Generated[1].Artwork, 4);

        Assert.Equal(TitleAvailability.Playable, updated.Availability);
        Assert.Equal("New synopsis.", updated.Metadata.Synopsis);
    }

    private static TitleView Summary(string id, string name, MaturityRating maturity, double popularity) =>
        new(id, new TitleMetadata(name, "", 2020, ["Drama"], [], maturity, TimeSpan.FromMinutes(100)), [], TitleAvailability.ComingSoon, popularity, 1);
}
