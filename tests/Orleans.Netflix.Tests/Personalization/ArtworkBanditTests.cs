using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Personalization.Artwork;

namespace Orleans.Netflix.Tests.Personalization;

public class ArtworkBanditTests
{
    private static ArtworkVariant Variant(string title, int n, params string[] tags) => new($"art-{n}", $"art/{title}/art-{n}.jpg", tags);

    private static readonly ArtworkVariant[] Title1 =
    [
        Variant("t-1", 1, "cast:Ava Novak", "mood:dark"),
        Variant("t-1", 2, "cast:Liam Okafor", "mood:romantic"),
        Variant("t-1", 3, "mood:funny"),
    ];

    private static MemberTastes Likes(string person) => new(
        new Dictionary<string, double> { ["Drama"] = 0.5 },
        new Dictionary<string, double> { [person] = 0.6 });

    [Fact]
    public void Only_ever_picks_one_of_the_titles_own_variants()
    {
        var bandit = new ArtworkBandit(epsilon: 0.3);
        var other = new[] { Variant("t-2", 1, "cast:Maya Silva", "mood:epic"), Variant("t-2", 2, "mood:tense") };
        var rng = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var variants = i % 2 == 0 ? Title1 : other;
            var choice = bandit.Choose(Likes("Ava Novak"), variants, rng);
            Assert.Contains(choice.Variant, variants);
            bandit.Learn(Likes("Ava Novak"), choice.Variant, played: i % 3 == 0);
        }
    }

    [Fact]
    public void Refuses_a_title_without_artwork()
    {
        var bandit = new ArtworkBandit();
        var error = Assert.Throws<ArgumentException>(() => bandit.Choose(MemberTastes.None, [], new Random(1)));
        Assert.Contains("no artwork variants", error.Message);
    }

    [Fact]
    public void Propensities_are_probabilities_that_sum_to_one()
    {
        var bandit = new ArtworkBandit(epsilon: 0.1);
        var tastes = Likes("Ava Novak");
        for (var i = 0; i < 50; i++) bandit.Learn(tastes, Title1[0], played: true);

        var propensities = bandit.Propensities(tastes, Title1);
        Assert.All(propensities, p => Assert.InRange(p, double.Epsilon, 1.0));
        Assert.Equal(1.0, propensities.Sum(), 9);
        Assert.Equal(0.1 / 3 + 0.9, propensities[0], 9);

        // The propensity handed back with a choice is that variant's.
        var choice = bandit.Choose(tastes, Title1, new Random(3));
        Assert.Equal(propensities[Array.IndexOf(Title1, choice.Variant)], choice.Propensity, 9);
    }

    [Fact]
    public void Before_learning_anything_every_variant_is_equally_likely()
    {
        var propensities = new ArtworkBandit(epsilon: 0.1).Propensities(Likes("Ava Novak"), Title1);
        Assert.All(propensities, p => Assert.Equal(1.0 / 3, p, 9));
    }

    [Fact]
    public void Same_seed_same_choices()
    {
        static string[] Run()
        {
            var bandit = new ArtworkBandit();
            var rng = new Random(42);
            var picks = new List<string>();
            for (var i = 0; i < 200; i++)
            {
                var choice = bandit.Choose(Likes("Ava Novak"), Title1, rng);
                bandit.Learn(Likes("Ava Novak"), choice.Variant, rng.NextDouble() < 0.2);
                picks.Add(choice.Variant.Uri);
            }
            return [.. picks];
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Members_who_like_an_actor_get_the_image_featuring_them()
    {
        // Many titles, each with an image of one of two actors and a mood-only image. Members who watch Ava play after
        // seeing Ava (and rarely otherwise); members who watch Liam likewise. Then a brand-new title with both.
        var bandit = new ArtworkBandit(epsilon: 0.1);
        var rng = new Random(11);
        var ava = Likes("Ava Novak");
        var liam = Likes("Liam Okafor");
        for (var i = 0; i < 6000; i++)
        {
            var title = $"t-{i % 50}";
            var variants = new[] { Variant(title, 1, "cast:Ava Novak", "mood:dark"), Variant(title, 2, "cast:Liam Okafor", "mood:dark"), Variant(title, 3, "mood:funny") };
            var (tastes, liked) = i % 2 == 0 ? (ava, "cast:Ava Novak") : (liam, "cast:Liam Okafor");
            var choice = bandit.Choose(tastes, variants, rng);
            var played = rng.NextDouble() < (choice.Variant.Tags.Contains(liked) ? 0.4 : 0.05);
            bandit.Learn(tastes, choice.Variant, played);
        }

        var fresh = new[] { Variant("t-new", 1, "mood:funny"), Variant("t-new", 2, "cast:Liam Okafor", "mood:tense"), Variant("t-new", 3, "cast:Ava Novak", "mood:epic") };
        var pickRng = new Random(5);
        var avaPicks = Enumerable.Range(0, 1000).Count(_ => bandit.Choose(ava, fresh, pickRng).Variant == fresh[2]);
        var liamPicks = Enumerable.Range(0, 1000).Count(_ => bandit.Choose(liam, fresh, pickRng).Variant == fresh[1]);
        Assert.True(avaPicks > 800, $"a member who watches Ava got Ava's image {avaPicks}/1000 times (chance is ~333)");
        Assert.True(liamPicks > 800, $"a member who watches Liam got Liam's image {liamPicks}/1000 times (chance is ~333)");
    }

    [Fact]
    public void A_known_member_gets_the_mood_their_own_impressions_show_they_like()
    {
        // Two members with the same viewing history: one plays after "dark" images, the other after "funny" ones. Only
        // their impressions tell them apart, which the bandit can use when the tastes carry the member's id.
        var history = Likes("Nobody");
        var dark = new MemberTastes(history.Genres, history.Cast) { MemberId = "m-dark" };
        var funny = new MemberTastes(history.Genres, history.Cast) { MemberId = "m-funny" };
        var rng = new Random(21);
        for (var i = 0; i < 4000; i++)
        {
            var title = $"t-{i % 40}";
            var variants = new[] { Variant(title, 1, "mood:dark"), Variant(title, 2, "mood:funny"), Variant(title, 3, "mood:epic") };
            var (tastes, liked) = i % 2 == 0 ? (dark, "mood:dark") : (funny, "mood:funny");
            var bandit = _shared;
            var choice = bandit.Choose(tastes, variants, rng);
            bandit.Learn(tastes, choice.Variant, rng.NextDouble() < (choice.Variant.Tags.Contains(liked) ? 0.4 : 0.05));
        }
        var fresh = new[] { Variant("t-new", 1, "mood:funny"), Variant("t-new", 2, "mood:dark"), Variant("t-new", 3, "mood:epic") };
        Assert.Same(fresh[1], _shared.Best(dark, fresh));
        Assert.Same(fresh[0], _shared.Best(funny, fresh));

        // Without the id the two look the same, so they get the same image.
        var anonymous = new MemberTastes(history.Genres, history.Cast);
        Assert.Same(_shared.Best(anonymous, fresh), _shared.Best(new MemberTastes(history.Genres, history.Cast), fresh));
    }

    private readonly ArtworkBandit _shared = new(epsilon: 0.1, learningRate: 0.15);

    [Fact]
    public void Tastes_are_normalized_counts_of_the_history()
    {
        var drama = new TitleMetadata("A", "", 2020, ["Drama"], ["Ava Novak", "Liam Okafor"], Common.MaturityRating.Age13, TimeSpan.FromHours(2));
        var comedy = new TitleMetadata("B", "", 2021, ["Comedy", "Drama"], ["Ava Novak"], Common.MaturityRating.Age13, TimeSpan.FromHours(2));
        var tastes = MemberTastes.FromHistory([drama, comedy, comedy, drama]);
        Assert.Equal(1.0, tastes.Genres["Drama"]);
        Assert.Equal(0.5, tastes.Genres["Comedy"]);
        Assert.Equal(1.0, tastes.CastAffinity("Ava Novak"));
        Assert.Equal(0.5, tastes.CastAffinity("Liam Okafor"));
        Assert.Equal(0.0, tastes.CastAffinity("Nobody"));
    }

    [Fact]
    public void Replay_counts_only_impressions_where_the_policy_agrees_with_the_log()
    {
        var t = MemberTastes.None;
        var log = new[]
        {
            new LoggedImpression("t-1", t, Title1, Title1[0].Uri, Played: true),   // policy picks 0: match, played
            new LoggedImpression("t-1", t, Title1, Title1[0].Uri, Played: false),  // match, not played
            new LoggedImpression("t-1", t, Title1, Title1[1].Uri, Played: true),   // no match: ignored
            new LoggedImpression("t-1", t, Title1, Title1[2].Uri, Played: true),   // no match: ignored
            new LoggedImpression("t-1", t, Title1, Title1[0].Uri, Played: true),   // match, played
            new LoggedImpression("t-1", t, Title1, Title1[0].Uri, Played: false),  // match, not played
        };
        var result = ReplayEvaluator.Evaluate(log, i => i.Variants[0]);
        Assert.Equal(new ReplayResult(Logged: 6, Matches: 4, Plays: 2), result);
        Assert.Equal(0.5, result.TakeRate);

        var never = ReplayEvaluator.Evaluate(log.Take(1), i => i.Variants[1]);
        Assert.Equal(0, never.Matches);
        Assert.True(double.IsNaN(never.TakeRate));
    }

    [Fact]
    public void A_choice_is_explored_only_when_the_model_rated_another_variant_higher()
    {
        var bandit = new ArtworkBandit(epsilon: 0.5); // half the picks uniform: every variant gets drawn
        var rng = new Random(5);
        var untrained = Enumerable.Range(0, 60).Select(_ => bandit.Choose(Likes("Ava Novak"), Title1, rng)).ToList();
        Assert.All(untrained, c => Assert.False(c.Explored)); // all tied: nothing is rated higher

        for (var i = 0; i < 300; i++) bandit.Learn(Likes("Ava Novak"), Title1[0], played: true);
        var best = bandit.Best(Likes("Ava Novak"), Title1);
        var trained = Enumerable.Range(0, 60).Select(_ => bandit.Choose(Likes("Ava Novak"), Title1, rng)).ToList();
        Assert.All(trained, c => Assert.Equal(c.Variant != best, c.Explored));
        Assert.Contains(trained, c => c.Explored);
    }
}
