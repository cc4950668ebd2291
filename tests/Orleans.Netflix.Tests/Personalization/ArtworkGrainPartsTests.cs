using System.Text.Json;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Personalization;
using Orleans.Netflix.Grains.Personalization.Artwork;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Tests.Personalization;

/// <summary>The pieces the artwork grain is built from: pending impressions, the model's saved form, taste profiles.</summary>
public sealed class ArtworkGrainPartsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 20, 0, 0, TimeSpan.Zero);
    private static readonly ArtworkVariant[] Variants = ArtworkTitles.Variants("t-1");

    private static PendingImpression Shown(string member, int variant, int secondsAfterT0) =>
        new(member, Variants[variant], MemberTastes.None, T0.AddSeconds(secondsAfterT0));

    [Fact]
    public void PendingImpressions_HoldOnePerMember_TheLatest()
    {
        var pending = new PendingImpressions(capacity: 10);
        var evicted = new List<PendingImpression>();
        pending.Add(Shown("m-1", 0, 0), evicted);
        pending.Add(Shown("m-2", 1, 1), evicted);
        pending.Add(Shown("m-1", 2, 2), evicted);

        Assert.Empty(evicted);
        Assert.Equal(2, pending.Count);
        Assert.True(pending.TryTake("m-1", out var latest));
        Assert.Equal(Variants[2], latest.Variant);
        Assert.False(pending.TryTake("m-1", out _));
        Assert.Null(pending.Find("m-3"));
    }

    [Fact]
    public void PendingImpressions_OverCapacity_GiveUpTheOldest_AndExpireOldestFirst()
    {
        var pending = new PendingImpressions(capacity: 3);
        var evicted = new List<PendingImpression>();
        for (var i = 0; i < 5; i++) pending.Add(Shown($"m-{i}", i % 3, i), evicted);
        Assert.Equal(["m-0", "m-1"], evicted.Select(e => e.MemberId));
        Assert.Equal(3, pending.Count);

        // Re-showing m-2 makes it the newest: the next to expire is m-3.
        pending.Add(Shown("m-2", 0, 10), evicted);
        var expired = new List<PendingImpression>();
        pending.TakeShownBefore(T0.AddSeconds(5), expired);
        Assert.Equal(["m-3", "m-4"], expired.Select(e => e.MemberId));
        Assert.NotNull(pending.Find("m-2"));
        Assert.Equal(1, pending.Count);
    }

    [Fact]
    public void AModelRestoredFromItsExport_PredictsAndLearnsExactlyAsTheOriginal()
    {
        var original = new ArtworkBandit(epsilon: 0.1, learningRate: 0.1);
        var tastes = ArtworkTitles.FanOf(ArtworkTitles.Ava).ToMemberTastes();
        var rng = new Random(3);
        for (var i = 0; i < 300; i++) original.Learn(tastes, Variants[i % 3], played: i % 3 == 0 && rng.NextDouble() < 0.8);

        var restored = new ArtworkBandit(epsilon: 0.1, learningRate: 0.1);
        restored.Model.Import(original.Model.Export());

        Assert.Equal(original.Model.FeatureCount, restored.Model.FeatureCount);
        foreach (var variant in Variants) Assert.Equal(original.Predict(tastes, variant), restored.Predict(tastes, variant), 12);
        original.Learn(tastes, Variants[1], played: true);
        restored.Learn(tastes, Variants[1], played: true);
        foreach (var variant in Variants) Assert.Equal(original.Predict(tastes, variant), restored.Predict(tastes, variant), 12);
        Assert.Equal(Variants[0], restored.Best(tastes, Variants));
    }

    [Fact]
    public void AModelImport_SkipsWeightsThatAreNotNumbers()
    {
        var model = new OnlineLogisticModel();
        model.Import([new ModelWeight("bias", "", double.NaN, 1), new ModelWeight("tag", "mood:dark", 0.5, 1), new ModelWeight("tag", "mood:funny", 0.5, double.PositiveInfinity)]);
        Assert.Equal(1, model.FeatureCount);
        Assert.Equal(0.5, model.Weight(new FeatureKey("tag", "mood:dark")));
    }

    [Fact]
    public void TheSavedState_RoundTripsThroughJson_AsTheSiloStoresIt()
    {
        var bandit = new ArtworkBandit();
        var tastes = ArtworkTitles.FanOf(ArtworkTitles.Liam).ToMemberTastes();
        for (var i = 0; i < 30; i++) bandit.Learn(tastes, Variants[i % 3], played: i % 3 == 1);
        var saved = new ArtworkState
        {
            Weights = bandit.Model.Export(),
            Learned = { [Variants[0].ArtworkId] = 10, [Variants[1].ArtworkId] = 10 },
            Taken = { [Variants[1].ArtworkId] = 10 },
        };

        var loaded = JsonSerializer.Deserialize<ArtworkState>(JsonSerializer.Serialize(saved))!;

        Assert.Equal(saved.Weights, loaded.Weights);
        Assert.Equal(saved.Learned, loaded.Learned);
        Assert.Equal(saved.Taken, loaded.Taken);
    }

    [Fact]
    public void TasteProfiles_AreCleaned_BeforeTheModelSeesThem()
    {
        var tastes = new TasteProfile(
            new Dictionary<string, double> { ["Drama"] = 0.5, ["Horror"] = double.NaN, ["Comedy"] = 3, ["Romance"] = -1 },
            Enumerable.Range(0, TasteProfiles.MaxEntries + 50).ToDictionary(i => $"person-{i}", i => 1.0 / (i + 1)))
            .ToMemberTastes();

        Assert.Equal(new Dictionary<string, double> { ["Drama"] = 0.5, ["Comedy"] = 1 }, tastes.Genres);
        Assert.Equal(TasteProfiles.MaxEntries, tastes.Cast.Count);
        Assert.Equal(1.0, tastes.CastAffinity("person-0"));
        Assert.Equal(0.0, tastes.CastAffinity($"person-{TasteProfiles.MaxEntries + 10}"));
        Assert.Same(MemberTastes.None, ((TasteProfile?)null).ToMemberTastes());
    }
}
