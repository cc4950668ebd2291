using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Personalization.Artwork;

namespace Orleans.Netflix.Benchmarks;

/// <summary>A simulated title: its metadata and artwork as the catalog has them, and its hidden base take rate.</summary>
public sealed record ArtworkTitle(string TitleId, TitleMetadata Metadata, ArtworkVariant[] Variants, double BaseLogit, double[] VariantQuality);

/// <summary>
/// A simulated member: hidden likes (stars and moods) and the tastes the bandit sees (from a simulated history), with the
/// member's id (so the bandit can also learn from the member's own impressions) and without it (<see cref="Anonymous"/>).
/// </summary>
public sealed record ArtworkMember(HashSet<string> LikedCast, HashSet<string> LikedMoods, MemberTastes Tastes)
{
    public MemberTastes Anonymous { get; } = new(Tastes.Genres, Tastes.Cast);
}

/// <summary>
/// A catalog tagged like the seed's (<c>CatalogGenerator</c>: the first two billed actors each on an image with a mood,
/// plus one or two mood-only images) but with a smaller pool of stars so that members' favourites recur across titles,
/// and members with hidden tastes. The chance to play after an impression is
/// <c>sigmoid(title base + image quality + CastLift if the image features a liked star + MoodLift if its mood is liked)</c>:
/// the base rate is per title (2 to 12 %), the quality is what every member sees in that image (what an A/B test finds).
/// Members' favourite moods follow their favourite genres most of the time, so genre affinity predicts mood; their
/// viewing history (40 plays, drawn towards their stars and genres) is all the bandit sees.
/// </summary>
public sealed class ArtworkPopulation
{
    public const double CastLift = 1.6;
    public const double MoodLift = 1.0;
    public const int HistoryPlays = 40;
    public const int Stars = 80;

    public static readonly string[] Moods = ["dark", "romantic", "funny", "tense", "heartwarming", "action", "mysterious", "epic"];

    /// <summary>Genre → the mood its fans tend to like.</summary>
    public static readonly (string Genre, string Mood)[] Genres =
    [
        ("Horror", "dark"), ("Crime", "dark"), ("Thriller", "tense"), ("Romance", "romantic"), ("Comedy", "funny"),
        ("Family", "heartwarming"), ("Drama", "heartwarming"), ("Action", "action"), ("Adventure", "action"),
        ("Mystery", "mysterious"), ("Fantasy", "epic"), ("Sci-Fi", "epic"),
    ];

    private static readonly string[] FirstNames = ["Ava", "Liam", "Maya", "Noah", "Sofia", "Lucas", "Amara", "Kenji", "Elena", "Mateo", "Priya", "Omar", "Chloe", "Jonas", "Aiko", "Diego"];
    private static readonly string[] LastNames = ["Novak", "Okafor", "Silva", "Tanaka", "Larsen", "Haddad", "Moreau", "Kowalski", "Reyes", "Lindqvist", "Mensah", "Rossi"];

    public ArtworkPopulation(int titles, int members, Random random)
    {
        var stars = Enumerable.Range(0, Stars).Select(i => $"{FirstNames[i % FirstNames.Length]} {LastNames[i / FirstNames.Length % LastNames.Length]}").ToArray();
        var starWeights = Enumerable.Range(1, Stars).Select(rank => 1 / Math.Pow(rank, 0.7)).ToArray();
        Titles = [.. Enumerable.Range(0, titles).Select(i => Title(i, stars, starWeights, random))];
        Members = [.. Enumerable.Range(0, members).Select(m => Member($"m-{m + 1:D6}", stars, starWeights, random))];
    }

    public IReadOnlyList<ArtworkTitle> Titles { get; }

    public IReadOnlyList<ArtworkMember> Members { get; }

    /// <summary>The hidden chance that this member plays the title after being shown this image.</summary>
    public static double TakeProbability(ArtworkMember member, ArtworkTitle title, int variant)
    {
        var logit = title.BaseLogit + title.VariantQuality[variant];
        var castLiked = false;
        var moodLiked = false;
        foreach (var raw in title.Variants[variant].Tags)
        {
            var tag = ArtworkTag.Parse(raw);
            if (tag.Kind == ArtworkTag.CastKind && member.LikedCast.Contains(tag.Value)) castLiked = true;
            if (tag.Kind == ArtworkTag.MoodKind && member.LikedMoods.Contains(tag.Value)) moodLiked = true;
        }
        if (castLiked) logit += CastLift;
        if (moodLiked) logit += MoodLift;
        return OnlineLogisticModel.Sigmoid(logit);
    }

    private static ArtworkTitle Title(int index, string[] stars, double[] starWeights, Random random)
    {
        var id = $"t-{index + 1:D5}";
        var genres = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Genres[random.Next(Genres.Length)].Genre).Distinct().ToArray();
        var cast = Enumerable.Range(0, random.Next(3, 7)).Select(_ => stars[Weighted(starWeights, random)]).Distinct().ToArray();
        var genreMoods = Genres.Where(g => genres.Contains(g.Genre)).Select(g => g.Mood).Distinct().ToArray();
        string Mood() => random.Next(2) == 0 ? genreMoods[random.Next(genreMoods.Length)] : Moods[random.Next(Moods.Length)];
        var variants = new List<ArtworkVariant>();
        foreach (var person in cast.Take(2))
        {
            var art = $"art-{variants.Count + 1}";
            variants.Add(new ArtworkVariant(art, $"art/{id}/{art}.jpg", [$"cast:{person}", $"mood:{Mood()}"]));
        }
        var moodOnly = new HashSet<string>();
        var wanted = random.Next(1, 3);
        while (moodOnly.Count < wanted) moodOnly.Add(Mood());
        foreach (var mood in moodOnly)
        {
            var art = $"art-{variants.Count + 1}";
            variants.Add(new ArtworkVariant(art, $"art/{id}/{art}.jpg", [$"mood:{mood}"]));
        }
        var baseRate = 0.02 + 0.10 * random.NextDouble();
        var metadata = new TitleMetadata($"Title {index + 1}", "", 2000 + random.Next(26), genres, cast, MaturityRating.Age13, TimeSpan.FromMinutes(100));
        var quality = variants.Select(_ => Gaussian(random) * 0.25).ToArray();
        return new ArtworkTitle(id, metadata, [.. variants], Math.Log(baseRate / (1 - baseRate)), quality);
    }

    private ArtworkMember Member(string id, string[] stars, double[] starWeights, Random random)
    {
        var favouriteGenres = new HashSet<string>();
        while (favouriteGenres.Count < 2) favouriteGenres.Add(Genres[random.Next(Genres.Length)].Genre);
        var moods = new HashSet<string>();
        foreach (var genre in favouriteGenres)
        {
            moods.Add(random.NextDouble() < 0.7 ? Genres.First(g => g.Genre == genre).Mood : Moods[random.Next(Moods.Length)]);
        }
        var cast = new HashSet<string>();
        while (cast.Count < 3) cast.Add(stars[Weighted(starWeights, random)]);

        // History: plays drawn towards titles with their stars and genres, and otherwise by chance.
        var weights = Titles.Select(t => Math.Exp(1.0 * t.Metadata.Cast.Count(cast.Contains) + 1.0 * t.Metadata.Genres.Count(favouriteGenres.Contains))).ToArray();
        var history = Enumerable.Range(0, HistoryPlays).Select(_ => Titles[Weighted(weights, random)].Metadata).ToArray();
        var tastes = MemberTastes.FromHistory(history);
        return new ArtworkMember(cast, moods, new MemberTastes(tastes.Genres, tastes.Cast) { MemberId = id });
    }

    private static int Weighted(double[] weights, Random random)
    {
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.Length - 1;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
