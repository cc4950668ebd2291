using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using static Orleans.Netflix.Client.Seeding.SeedVocabulary;

namespace Orleans.Netflix.Client.Seeding;

/// <summary>
/// A made-up but plausible catalog and member base, the same for the same seed on every machine:
/// titles <c>t-00001</c>…, members <c>m-00001</c>…, popularity following a Zipf curve.
/// </summary>
public sealed class CatalogGenerator(int seed)
{
    public const int DefaultSeed = 20261126;

    public static string TitleId(int index) => $"t-{index + 1:D5}";

    public static string MemberId(int index) => $"m-{index + 1:D5}";

    public IReadOnlyList<TitleRecord> Titles(int count)
    {
        var random = new Random(seed);
        var popularityRanks = Enumerable.Range(1, count).ToArray();
        random.Shuffle(popularityRanks);
        var usedNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var titles = new List<TitleRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var name = UniqueName(random, usedNames);
            var genres = PickDistinct(random, Genres, random.Next(1, 4));
            var forChildren = genres.Any(ChildrenGenres.Contains);
            var maturity = forChildren ? (random.Next(2) == 0 ? MaturityRating.All : MaturityRating.Age7) : Weighted(random, TitleMaturity);
            var cast = Enumerable.Range(0, random.Next(3, 9)).Select(_ => Person(random)).Distinct().ToArray();
            var year = 1960 + (int)Math.Round(Math.Pow(random.NextDouble(), 0.35) * 66);
            var runtime = TimeSpan.FromMinutes(genres.Contains("Stand-Up Comedy") ? random.Next(50, 80) : random.Next(80, 165));
            var synopsis = string.Format(SynopsisOpenings[random.Next(SynopsisOpenings.Length)], cast[0], $"the {Nouns[random.Next(Nouns.Length)].ToLowerInvariant()}");
            var id = TitleId(i);
            var artwork = Artwork(random, id, cast);
            var popularity = Math.Round(1000.0 / Math.Pow(popularityRanks[i], 0.9), 4);
            titles.Add(new TitleRecord(id, new TitleMetadata(name, synopsis, year, genres, cast, maturity, runtime), artwork, popularity));
        }
        return titles;
    }

    public IReadOnlyList<MemberRecord> Members(int count)
    {
        var random = new Random(unchecked(seed * 31 + 7));
        var members = new List<MemberRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var (country, language, _) = Weighted(random, Countries.Select(c => (c, c.Weight)).ToArray());
            var maturity = Weighted(random, MemberMaturity);
            var plan = (PlanTier)Weighted(random, [(0, 25), (1, 45), (2, 30)]);
            var devices = Enumerable.Range(0, random.Next(1, 4))
                .Select(d => (DeviceKind)random.Next(4))
                .Distinct()
                .Select(kind => new Device($"{MemberId(i)}-{kind.ToString().ToLowerInvariant()}", kind, $"{kind} {random.Next(1, 10)}"))
                .ToArray();
            members.Add(new MemberRecord(MemberId(i), new MemberProfile(Person(random), country, language, maturity), plan, devices));
        }
        return members;
    }

    private static string UniqueName(Random random, Dictionary<string, int> used)
    {
        var pattern = Patterns[random.Next(Patterns.Length)];
        var name = string.Format(pattern, Adjectives[random.Next(Adjectives.Length)], Nouns[random.Next(Nouns.Length)]);
        var seen = used.GetValueOrDefault(name);
        used[name] = seen + 1;
        return seen == 0 ? name : seen <= Sequels.Length ? $"{name} {Sequels[seen - 1]}" : $"{name} {seen + 1}";
    }

    private static ArtworkVariant[] Artwork(Random random, string titleId, string[] cast)
    {
        var variants = new List<ArtworkVariant>();
        foreach (var person in cast.Take(2))
        {
            var id = $"art-{variants.Count + 1}";
            variants.Add(new ArtworkVariant(id, $"art/{titleId}/{id}.jpg", [$"cast:{person}", $"mood:{Moods[random.Next(Moods.Length)]}"]));
        }
        foreach (var mood in PickDistinct(random, Moods, random.Next(1, 3)))
        {
            var id = $"art-{variants.Count + 1}";
            variants.Add(new ArtworkVariant(id, $"art/{titleId}/{id}.jpg", [$"mood:{mood}"]));
        }
        return [.. variants];
    }

    private static string Person(Random random) => $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}";

    private static string[] PickDistinct(Random random, string[] pool, int count)
    {
        var picked = new List<string>(count);
        while (picked.Count < count)
        {
            var candidate = pool[random.Next(pool.Length)];
            if (!picked.Contains(candidate)) picked.Add(candidate);
        }
        return [.. picked];
    }

    private static T Weighted<T>(Random random, (T Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return choices[^1].Value;
    }
}
