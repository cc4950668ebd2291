using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Personalization;
using Orleans.Netflix.Grains.Personalization.Artwork;
using Orleans.Netflix.Grains.Personalization.Browse;

namespace Orleans.Netflix.Tests.Personalization;

public sealed class TasteSlicesTests
{
    private static readonly MemberTastes Tastes = new(
        new Dictionary<string, double> { ["Drama"] = 0.6, ["Comedy"] = 0.4 },
        Enumerable.Range(0, 40).ToDictionary(i => $"actor-{i}", i => (40 - i) / 100.0));

    private static TitleSummary Title(params string[] cast) =>
        new("t-1", "T", 2000, ["Drama"], MaturityRating.All, TimeSpan.FromMinutes(90), 1, cast);

    [Fact]
    public void ASlice_KeepsEveryGenre_TheTitlesCast_AndTheMembersFavourites_Only()
    {
        var slice = new TasteSlices(Tastes).For(Title("actor-20", "actor-35", "stranger"));

        Assert.Equal(Tastes.Genres.OrderBy(g => g.Key), slice.Genres.OrderBy(g => g.Key));
        Assert.Equal(["actor-0", "actor-1", "actor-2", "actor-20", "actor-35"], slice.Cast.Keys.Order());
        Assert.Equal(Tastes.Cast["actor-20"], slice.Cast["actor-20"]);
    }

    [Fact]
    public void ForTheTitlesCast_TheBanditSeesTheSameFeaturesAsFromTheWholeTastes()
    {
        var title = Title("actor-1", "actor-3", "actor-30");
        var sliced = new TasteSlices(Tastes).For(title).ToMemberTastes();
        var variants = title.Cast!.Select((p, i) => new ArtworkVariant($"art-{i}", $"art/{i}.jpg", [$"cast:{p}", "mood:dark"])).ToList();

        var whole = new List<(FeatureKey, double)>();
        var slice = new List<(FeatureKey, double)>();
        foreach (var variant in variants)
        {
            ArtworkFeatures.Extract(Tastes, variant, whole);
            ArtworkFeatures.Extract(sliced, variant, slice);
            Assert.Equal(whole.OrderBy(f => f.Item1.Name).ThenBy(f => f.Item1.Value), slice.OrderBy(f => f.Item1.Name).ThenBy(f => f.Item1.Value));
        }
    }
}
