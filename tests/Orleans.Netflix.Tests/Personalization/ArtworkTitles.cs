using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Tests.Personalization;

/// <summary>Titles with three artwork variants (Ava's, Liam's, a mood-only one), imported as the seed does, and the members who see them.</summary>
public static class ArtworkTitles
{
    public const string Ava = "Ava Novak";
    public const string Liam = "Liam Okafor";

    public static string NewTitleId(string what) => $"art-{what}-{Guid.NewGuid():N}";

    public static ArtworkVariant[] Variants(string titleId) =>
    [
        new($"{titleId}-ava", $"art/{titleId}/ava.jpg", [$"cast:{Ava}", "mood:dark"]),
        new($"{titleId}-liam", $"art/{titleId}/liam.jpg", [$"cast:{Liam}", "mood:romantic"]),
        new($"{titleId}-funny", $"art/{titleId}/funny.jpg", ["mood:funny"]),
    ];

    public static async Task<ArtworkVariant[]> ImportAsync(IGrainFactory grains, string titleId, ArtworkVariant[]? artwork = null)
    {
        artwork ??= Variants(titleId);
        var metadata = new TitleMetadata($"Title {titleId}", "", 2024, ["Drama"], [Ava, Liam], MaturityRating.Age13, TimeSpan.FromMinutes(100));
        await grains.GetGrain<ICatalogImportGrain>(ImportKeys.Default).ImportTitles([new TitleRecord(titleId, metadata, artwork, 1)]);
        return artwork;
    }

    /// <summary>A member who mostly watches <paramref name="person"/> (and a little of someone else).</summary>
    public static TasteProfile FanOf(string person) => new(
        new Dictionary<string, double> { ["Drama"] = 0.5, ["Comedy"] = 0.2 },
        new Dictionary<string, double> { [person] = 0.6, ["Someone Else"] = 0.2 });

    /// <summary>
    /// <paramref name="rounds"/> members, each shown the title once by <paramref name="fanOf"/>'s tastes, who play it at once
    /// when shown <paramref name="liked"/> and never otherwise.
    /// </summary>
    public static async Task ShowAndPlayAsync(IArtworkGrain artwork, string fanOf, ArtworkVariant liked, int rounds, string batch)
    {
        for (var i = 0; i < rounds; i++)
        {
            var member = $"member-{batch}-{fanOf.Replace(' ', '-')}-{i}";
            var pick = await artwork.Choose(member, FanOf(fanOf));
            if (pick.ArtworkId == liked.ArtworkId) await artwork.RecordPlay(member, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>
    /// How many of <paramref name="renders"/> choices for one new fan of <paramref name="fanOf"/> are <paramref name="variant"/>.
    /// One member re-rendered, so this leaves one pending impression, not one per render, to teach the model afterwards.
    /// </summary>
    public static async Task<int> TimesShownAsync(IArtworkGrain artwork, string fanOf, ArtworkVariant variant, int renders)
    {
        var member = $"viewer-{fanOf.Replace(' ', '-')}-{Guid.NewGuid():N}";
        var shown = 0;
        for (var i = 0; i < renders; i++)
        {
            var pick = await artwork.Choose(member, FanOf(fanOf));
            if (pick.ArtworkId == variant.ArtworkId) shown++;
        }
        return shown;
    }
}
