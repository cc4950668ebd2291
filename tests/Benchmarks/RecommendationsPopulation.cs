using Orleans.Netflix.Client.Seeding;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// A simulated population with hidden tastes over the seeded catalog (<see cref="CatalogGenerator"/>: titles with genres,
/// cast and a Zipf popularity; members with a country). Each country leans towards two genres; each member has two or three
/// favourite genres (plus the country's lean and a little of everything) and two favourite cast members. Each play is drawn,
/// without repeats, from overall popularity (the popular share), from a favourite actor's titles (10 %), or else from a
/// genre picked by the member's taste and a title in it picked by popularity^taste-skew (flatter than the overall curve). Plays are in the order drawn.
/// <para>
/// That is the <c>genres</c> population (the first one; 30 % popular share). The default <c>micro-genres</c> population adds
/// the title-level structure real viewing has (Netflix's "alt-genres": genre x era x tone, Madrigal, The Atlantic 2014): the
/// catalog is split by first genre and decade, then at random into "tones" of about 30 titles; each member also has 3 to 6
/// favourite micro-genres (80 % inside a favourite genre), and 60 % of plays come from them (a title picked by
/// popularity^taste-skew), 10 % from a favourite actor, 10 % from overall popularity (most viewing follows personalized rows,
/// Gomez-Uribe and Hunt 2015: about 80 % of hours streamed), the rest genre-wide as before. Same catalog, members,
/// countries and random numbers for the genre draws; the micro-genre split has its own seed.
/// </para>
/// </summary>
public sealed class RecommendationsPopulation
{
    private const double CastShare = 0.10;

    /// <summary>On the micro-genre population, the share of plays from the member's favourite micro-genres.</summary>
    public const double MicroShare = 0.60;

    /// <summary>About how many titles a micro-genre holds.</summary>
    public const int MicroGenreSize = 30;

    public const int MinFavouriteMicro = 3;
    public const int MaxFavouriteMicro = 6;

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

        // Micro-genres (Netflix's "alt-genres"): each title's first genre, its era and one of a few hidden tones, so a micro-genre
        // holds about MicroGenreSize titles that share a genre and an era; a member's favourites are a few of these.
        var microOf = new int[titles.Count];
        var micro = new List<List<int>>();
        {
            // Its own random numbers, so that the genres population draws exactly what it always drew.
            var tones = new Random(options.Seed + 7);
            var cells = new Dictionary<(string, int), List<int>>();
            for (var t = 0; t < titles.Count; t++)
            {
                var era = Math.Clamp((titles[t].Metadata.Year - 1960) / 10, 0, 6);
                var key = (titles[t].Metadata.Genres[0], era);
                if (!cells.TryGetValue(key, out var cell)) cells[key] = cell = [];
                cell.Add(t);
            }
            foreach (var (_, cell) in cells.OrderBy(c => c.Key.Item1, StringComparer.Ordinal).ThenBy(c => c.Key.Item2))
            {
                var count = Math.Max(1, (int)Math.Round((double)cell.Count / MicroGenreSize));
                var groups = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
                foreach (var t in cell) groups[tones.Next(count)].Add(t);
                foreach (var group in groups.Where(g => g.Count > 0)) micro.Add(group);
            }
            for (var g = 0; g < micro.Count; g++) foreach (var t in micro[g]) microOf[t] = g;
        }
        var microPickers = micro.Select(g => new WeightedPicker([.. g.Select(t => Math.Pow(titles[t].Popularity, options.TasteSkew))])).ToArray();
        var microByGenre = genres.Select(g => Enumerable.Range(0, micro.Count).Where(m => titles[micro[m][0]].Metadata.Genres[0] == g).ToArray()).ToArray();
        MicroGenreCount = micro.Count;

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

            // Favourite micro-genres: most inside the favourite genres (weighted by taste), some anywhere.
            var favouriteMicro = new List<int>();
            var microTaste = new List<double>();
            if (options.Population == RecommendationsOptions.MicroGenres)
            {
                for (var f = random.Next(MinFavouriteMicro, MaxFavouriteMicro + 1); f > 0; f--)
                {
                    var inGenre = microByGenre[tastePicker.Pick(random)];
                    var pick = inGenre.Length > 0 && random.NextDouble() < 0.8 ? inGenre[random.Next(inGenre.Length)] : random.Next(micro.Count);
                    if (favouriteMicro.Contains(pick)) continue;
                    favouriteMicro.Add(pick);
                    microTaste.Add(0.5 + random.NextDouble());
                }
            }
            var microPicker = favouriteMicro.Count > 0 ? new WeightedPicker([.. microTaste]) : null;

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
                else if (microPicker is not null && roll < options.PopularShare + CastShare + MicroShare)
                {
                    var g = favouriteMicro[microPicker.Pick(random)];
                    title = micro[g][microPickers[g].Pick(random)];
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

    /// <summary>How many micro-genres the catalog was split into (used only by the micro-genre population).</summary>
    public int MicroGenreCount { get; }

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
