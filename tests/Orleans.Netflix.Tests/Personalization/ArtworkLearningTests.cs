using Orleans.Netflix.Personalization;
using Xunit.Abstractions;
using Orleans.Netflix.Tests.Infrastructure;
using static Orleans.Netflix.Tests.Personalization.ArtworkTitles;

namespace Orleans.Netflix.Tests.Personalization;

/// <summary><see cref="IArtworkGrain"/> learning in real time, on a cluster whose take window is two seconds.</summary>
public sealed class ArtworkLearningTests(ArtworkClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ArtworkClusterFixture>
{
    private IArtworkGrain Artwork(string titleId) => fixture.Client.GetGrain<IArtworkGrain>(titleId);

    [Fact]
    public async Task AnImpressionWithoutAPlayInTheWindow_IsLearntAsNotTaken_AndALaterPlayChangesNothing()
    {
        var titleId = NewTitleId("expires");
        await ImportAsync(fixture.Client, titleId);
        var artwork = Artwork(titleId);

        var pick = await artwork.Choose("slow-member", FanOf(Ava));
        Assert.Equal(1, (await artwork.Stats()).Pending);

        await Eventually.TrueAsync(async () => (await artwork.Stats()).Pending == 0, seconds: 30);
        await artwork.RecordPlay("slow-member", DateTimeOffset.UtcNow);

        var stats = await artwork.Stats();
        Assert.Equal(1, stats.Learned[pick.ArtworkId]);
        Assert.Equal(1, stats.Learned.Values.Sum());
        Assert.Equal(0, stats.Taken.Values.Sum());
    }

    [Fact]
    public async Task FansOfAnActor_LearnToBeShownTheImageFeaturingThem()
    {
        var titleId = NewTitleId("learns");
        var variants = await ImportAsync(fixture.Client, titleId);
        var artwork = Artwork(titleId);
        var (ava, liam) = (variants[0], variants[1]);

        // Without learning (another title, so that these unplayed impressions teach this one nothing), a fan of Ava
        // sees her image about a third of the time.
        var control = NewTitleId("control");
        var controlVariants = await ImportAsync(fixture.Client, control);
        Assert.InRange(await TimesShownAsync(Artwork(control), Ava, controlVariants[0], renders: 90), 10, 55);

        // Fans play right after seeing their actor's image and never after another one, which the window then learns as not taken.
        for (var batch = 0; batch < 3; batch++)
        {
            await ShowAndPlayAsync(artwork, Ava, ava, rounds: 60, batch: $"b{batch}");
            await ShowAndPlayAsync(artwork, Liam, liam, rounds: 60, batch: $"b{batch}");
            await Eventually.TrueAsync(async () => (await artwork.Stats()).Pending == 0, seconds: 30);
        }
        var trained = await artwork.Stats();
        Assert.Equal(360, trained.Learned.Values.Sum());
        Assert.True(trained.Learned.Values.Sum() - trained.Taken.Values.Sum() > 0, "impressions without a play were learnt too");

        var avaShown = await TimesShownAsync(artwork, Ava, ava, renders: 200);
        var liamShown = await TimesShownAsync(artwork, Liam, liam, renders: 200);
        output.WriteLine($"after {trained.Learned.Values.Sum()} impressions ({trained.Taken.Values.Sum()} taken): Ava's image to her fans {avaShown}/200, Liam's to his {liamShown}/200");
        Assert.True(avaShown > 130, $"a fan of Ava saw her image {avaShown}/200 times (chance is ~67)");
        Assert.True(liamShown > 130, $"a fan of Liam saw his image {liamShown}/200 times (chance is ~67)");
    }
}
