using Orleans.Netflix.Client.Seeding;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// A simulated population with hidden tastes over the seeded catalog (<see cref="CatalogGenerator"/>: titles with genres,
/// cast and a Zipf popularity; members with a country). Each country leans towards two genres; each member has two or three
/// favourite genres (plus the country's lean and a little of everything) and two favourite cast members. Each play is drawn,
/// without repeats, from overall popularity (the popular share), from a favourite actor's titles (10 %), or else from a
/// genre picked by the member's taste and a title in it picked by popularity^taste-skew (flatter than the overall curve). Plays are in the order drawn.
/// </summary>
public sealed class RecommendationsPopulation
{
    private const double CastShare = 0.10;

    public RecommendationsPopulation(RecommendationsOptions options)
    {
        var generator = new CatalogGenerator(CatalogGenerator.DefaultSeed + options.Seed);
        var titles = generator.Titles(options.Titles);
        var members = generator.Members(options.Members);
        var random = new Random(options.Seed);
        TitleIds = [.. titles.Select(t => t.TitleId)];

        var genres = titles.SelectMany(t => t.Metadata.Genres).Distinct().Order(StringComparer.Ordinal).ToArray();
        var genreIndex = genres.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i);
        var overall = new WeightedPicker(titles.Select(t => t.Popularity).ToArray());
        var byGenre = genres.Select(g =>
        {
            var inGenre = Enumerable.Range(0, titles.Count).Where(t => titles[t].Metadata.Genres.Contains(g)).ToArray();
            return (Titles: inGenre, Picker: new WeightedPicker(inGenre.Select(t => Math.Pow(titles[t].Popularity, options.TasteSkew)).ToArray()));
        }).ToArray();
        var byCast = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var t = 0; t < titles.Count; t++)
        {
            foreach (var person in titles[t].Metadata.Cast)
            {
                if (!byCast.TryGetValue(person, out var list)) byCast[person] = list = [];
                list.Add(t);
            }
        }

        var countryLean = members.Select(m => m.Profile.Country).Distinct().Order(StringComparer.Ordinal)
            .ToDictionary(c => c, _ => new[] { random.Next(genres.Length), random.Next(genres.Length) }, StringComparer.Ordinal);

        MemberIds = [.. members.Select(m => m.MemberId)];
        Countries = [.. members.Select(m => m.Profile.Country)];
        Plays = new string[members.Count][];
        for (var m = 0; m < members.Count; m++)
        {
            var taste = new double[genres.Length];
            for (var g = 0; g < taste.Length; g++) taste[g] = 0.02;
            for (var f = random.Next(2, 4); f > 0; f--) taste[random.Next(genres.Length)] += 1 + 2 * random.NextDouble();
            foreach (var g in countryLean[Countries[m]]) taste[g] += 0.5;
            var tastePicker = new WeightedPicker(taste);
            var favouriteCast = Enumerable.Range(0, 2).Select(_ =>
            {
                var genre = byGenre[tastePicker.Pick(random)];
                var cast = titles[genre.Titles[genre.Picker.Pick(random)]].Metadata.Cast;
                return byCast[cast[random.Next(cast.Length)]];
            }).ToArray();

            var count = random.Next(options.MinPlays, options.MaxPlays + 1);
            var played = new List<int>(count);
            for (var attempts = 0; played.Count < count && attempts < count * 100; attempts++)
            {
                var roll = random.NextDouble();
                int title;
                if (roll < options.PopularShare) title = overall.Pick(random);
                else if (roll < options.PopularShare + CastShare)
                {
                    var list = favouriteCast[random.Next(favouriteCast.Length)];
                    title = list[random.Next(list.Count)];
                }
                else
                {
                    var genre = byGenre[tastePicker.Pick(random)];
                    if (genre.Titles.Length == 0) continue;
                    title = genre.Titles[genre.Picker.Pick(random)];
                }
                if (!played.Contains(title)) played.Add(title);
            }
            Plays[m] = [.. played.Select(t => TitleIds[t])];
        }
        GenreCount = genres.Length;
    }

    public string[] TitleIds { get; }

    public string[] MemberIds { get; }

    public string[] Countries { get; }

    /// <summary>Per member, the titles played in the order played.</summary>
    public string[][] Plays { get; }

    public int GenreCount { get; }

    /// <summary>Picks an index with probability proportional to its weight (cumulative sums and a binary search).</summary>
    private sealed class WeightedPicker
    {
        private readonly double[] _cumulative;

        public WeightedPicker(double[] weights)
        {
            _cumulative = new double[weights.Length];
            var sum = 0.0;
            for (var i = 0; i < weights.Length; i++) _cumulative[i] = sum += weights[i];
        }

        public int Pick(Random random)
        {
            var roll = random.NextDouble() * _cumulative[^1];
            var index = Array.BinarySearch(_cumulative, roll);
            return Math.Min(index >= 0 ? index + 1 : ~index, _cumulative.Length - 1);
        }
    }
}
