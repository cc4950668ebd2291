using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Personalization;
using Orleans.Netflix.Personalization;
using Orleans.Netflix.Tests.Infrastructure;
using static Orleans.Netflix.Tests.Personalization.ArtworkTitles;

namespace Orleans.Netflix.Tests.Personalization;

/// <summary><see cref="IArtworkGrain"/> on the shared cluster, whose take window is the production default (30 min).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ArtworkGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan DefaultWindow = new ArtworkOptions().TakeWindow;

    private IArtworkGrain Artwork(string titleId) => fixture.Client.GetGrain<IArtworkGrain>(titleId);

    [Fact]
    public async Task Choose_PicksOnlyTheTitlesOwnVariants_AndExploresThemAll()
    {
        var titleId = NewTitleId("own");
        var variants = await ImportAsync(fixture.Client, titleId);
        var neighbour = NewTitleId("neighbour");
        await ImportAsync(fixture.Client, neighbour, [new($"{neighbour}-only", $"art/{neighbour}/only.jpg", ["mood:epic"])]);
        var artwork = Artwork(titleId);

        var shown = new Dictionary<string, int>();
        for (var i = 0; i < 300; i++)
        {
            var tastes = (i % 3) switch { 0 => FanOf(Ava), 1 => FanOf(Liam), _ => TasteProfile.Empty };
            var pick = await artwork.Choose($"member-{i}", tastes);

            var variant = Assert.Single(variants, v => v.ArtworkId == pick.ArtworkId);
            Assert.Equal(variant.Uri, pick.Uri);
            Assert.Equal(titleId, pick.TitleId);
            Assert.InRange(pick.Propensity, double.Epsilon, 1.0);
            shown[pick.ArtworkId] = shown.GetValueOrDefault(pick.ArtworkId) + 1;
        }

        // Nothing was played, so nothing is learnt yet: each image is shown about a third of the time.
        Assert.Equal(variants.Select(v => v.ArtworkId).Order(), shown.Keys.Order());
        Assert.All(shown.Values, count => Assert.InRange(count, 50, 150));
        var stats = await artwork.Stats();
        Assert.Equal(300, stats.Pending);
        Assert.All(stats.Learned.Values, n => Assert.Equal(0, n));
    }

    [Fact]
    public async Task RecordPlay_WithinTheWindow_IsTaken_AfterIt_IsLearntAsNotTaken()
    {
        var titleId = NewTitleId("window");
        await ImportAsync(fixture.Client, titleId);
        var artwork = Artwork(titleId);

        var late = await artwork.Choose("late-player", FanOf(Ava));
        await artwork.RecordPlay("late-player", DateTimeOffset.UtcNow + DefaultWindow + TimeSpan.FromMinutes(1));
        var stats = await artwork.Stats();
        Assert.Equal(0, stats.Pending);
        Assert.Equal(1, stats.Learned[late.ArtworkId]);
        Assert.Equal(1, stats.Learned.Values.Sum());
        Assert.Equal(0, stats.Taken.Values.Sum());

        var prompt = await artwork.Choose("prompt-player", FanOf(Ava));
        await artwork.RecordPlay("prompt-player", DateTimeOffset.UtcNow);
        stats = await artwork.Stats();
        Assert.Equal(2, stats.Learned.Values.Sum());
        Assert.Equal(1, stats.Taken[prompt.ArtworkId]);
        Assert.Equal(1, stats.Taken.Values.Sum());

        // A second play, or a play by a member who was never shown the title, teaches nothing.
        await artwork.RecordPlay("prompt-player", DateTimeOffset.UtcNow);
        await artwork.RecordPlay("never-shown", DateTimeOffset.UtcNow);
        stats = await artwork.Stats();
        Assert.Equal(2, stats.Learned.Values.Sum());
        Assert.Equal(1, stats.Taken.Values.Sum());
    }

    [Fact]
    public async Task Choose_AgainForTheSameMember_ReplacesTheirImpression_SoOnePlayCountsOnce()
    {
        var titleId = NewTitleId("rerender");
        await ImportAsync(fixture.Client, titleId);
        var artwork = Artwork(titleId);

        ArtworkPick last = null!;
        for (var i = 0; i < 5; i++) last = await artwork.Choose("re-rendered", FanOf(Liam));
        Assert.Equal(1, (await artwork.Stats()).Pending);

        await artwork.RecordPlay("re-rendered", DateTimeOffset.UtcNow);
        var stats = await artwork.Stats();
        Assert.Equal(0, stats.Pending);
        Assert.Equal(1, stats.Learned.Values.Sum());
        Assert.Equal(1, stats.Taken[last.ArtworkId]); // the image shown last is the one credited
    }

    [Fact]
    public async Task Choose_ForAnUnknownTitle_IsNotFound_AndForATitleWithoutArtwork_SaysSo()
    {
        var unknown = NewTitleId("unknown");
        var error = await Assert.ThrowsAsync<NotFoundException>(() => Artwork(unknown).Choose("member-1", FanOf(Ava)));
        Assert.Equal("title", error.Kind);
        Assert.Equal(unknown, error.EntityId);
        var nothing = await Artwork(unknown).Stats();
        Assert.Equal(0, nothing.Pending);
        Assert.Empty(nothing.Learned);

        var bare = NewTitleId("bare");
        await ImportAsync(fixture.Client, bare, []);
        var noArt = await Assert.ThrowsAsync<InvalidOperationException>(() => Artwork(bare).Choose("member-1", FanOf(Ava)));
        Assert.Contains("no artwork", noArt.Message);
    }

    [Fact]
    public async Task TheLearntModel_SurvivesDeactivation_PendingImpressionsDoNot()
    {
        var titleId = NewTitleId("survives");
        var variants = await ImportAsync(fixture.Client, titleId);
        var artwork = Artwork(titleId);
        var ava = variants[0];

        // Fans of Ava play after seeing her image and never after the others (whose impressions stay pending: 30 min window).
        await ShowAndPlayAsync(artwork, Ava, ava, rounds: 150, batch: "train");
        var before = await artwork.Stats();
        Assert.True(before.Taken[ava.ArtworkId] > 50, $"taken {before.Taken[ava.ArtworkId]}");
        Assert.True(before.Pending > 0);

        await fixture.Cluster.DeactivateAsync(artwork);

        var after = await artwork.Stats();
        Assert.Equal(0, after.Pending); // a new activation: pending impressions are forgotten...
        Assert.Equal(before.Learned, after.Learned); // ...what was learnt is not
        Assert.Equal(before.Taken, after.Taken);
        var avaShown = await TimesShownAsync(artwork, Ava, ava, renders: 200);
        Assert.True(avaShown > 140, $"after reactivation a fan of Ava saw her image {avaShown}/200 times (a fresh model: ~67)");
    }
}
