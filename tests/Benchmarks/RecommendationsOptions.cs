using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The recommendations mode's command line (the mode word already removed):
/// <c>recommendations [--titles N] [--members N] [--plays MIN-MAX] [--holdout PERCENT] [--popular-share PERCENT] [--taste-skew E] [--k N] [--neighbours N] [--shrinkage X] [--seed N] [--json]</c>.
/// </summary>
public sealed record RecommendationsOptions(string Population, int Titles, int Members, int MinPlays, int MaxPlays, double Holdout, double PopularShare, double TasteSkew, int K, int Neighbours, double Shrinkage, int Factors, int Iterations, double Alpha, double Lambda, int Seed, bool Json)
{
    public const string Mode = "recommendations";

    /// <summary>Hidden tastes over micro-genres (genre x era x tone, about 30 titles each), 10 % of plays from popularity.</summary>
    public const string MicroGenres = "micro-genres";

    /// <summary>The first population: genre-wide tastes, 30 % of plays from popularity.</summary>
    public const string Genres = "genres";

    public const string Usage = "usage: Benchmarks recommendations [--population micro-genres|genres (default micro-genres)] [--titles N (catalog size, default 5000)] [--members N (default 10000)] " +
        "[--plays MIN-MAX (plays per member, default 20-50)] [--holdout PERCENT (each member's last plays held out, default 20)] " +
        "[--popular-share PERCENT (plays drawn from overall popularity rather than taste, default 10 on micro-genres, 30 on genres)] [--taste-skew E (a taste play picks a title in the genre by popularity^E, default 0.5)] " +
        "[--k N (list length scored, default 50)] " +
        "[--neighbours N (kept per title, default 100)] [--shrinkage X (default 10)] " +
        "[--factors N (ALS, default 32)] [--iterations N (ALS, default 10)] [--alpha X (ALS confidence per play, default 10)] [--lambda X (ALS L2, default 1)] [--seed N (default 1)] [--json]";

    public static readonly RecommendationsOptions Default = new(Population: MicroGenres, Titles: 5000, Members: 10_000, MinPlays: 20, MaxPlays: 50, Holdout: 0.20, PopularShare: double.NaN, TasteSkew: 0.5,
        K: 50, Neighbours: 100, Shrinkage: 10, Factors: 32, Iterations: 10, Alpha: 10, Lambda: 1, Seed: 1, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static RecommendationsOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--population" => options with { Population = PopulationName(reader.Value()) },
                "--titles" => options with { Titles = reader.Whole(100, 100_000) },
                "--members" => options with { Members = reader.Whole(10, 1_000_000) },
                "--plays" => Plays(options, reader),
                "--holdout" => options with { Holdout = reader.Number(1, 90) / 100 },
                "--popular-share" => options with { PopularShare = reader.Number(0, 100) / 100 },
                "--taste-skew" => options with { TasteSkew = reader.Number(0, 3) },
                "--k" => options with { K = reader.Whole(1, 1000) },
                "--neighbours" => options with { Neighbours = reader.Whole(1, 10_000) },
                "--shrinkage" => options with { Shrinkage = reader.Number(0, 10_000) },
                "--factors" => options with { Factors = reader.Whole(1, 512) },
                "--iterations" => options with { Iterations = reader.Whole(1, 100) },
                "--alpha" => options with { Alpha = reader.Number(0, 10_000) },
                "--lambda" => options with { Lambda = reader.Number(0, 10_000) },
                "--seed" => options with { Seed = reader.Whole(0, int.MaxValue) },
                "--json" when reader.IsFlag => options with { Json = true },
                _ => throw reader.Unknown(),
            };
        }
        if (double.IsNaN(options.PopularShare)) options = options with { PopularShare = options.Population == Genres ? 0.30 : 0.10 };
        if (options.MaxPlays >= options.Titles) throw new ArgumentException($"--plays must stay below --titles ({options.Titles}). {Usage}");
        return options;
    }

    private static string PopulationName(string value) =>
        value is MicroGenres or Genres ? value : throw new ArgumentException($"--population is {MicroGenres} or {Genres}, not '{value}'. {Usage}");

    private static RecommendationsOptions Plays(RecommendationsOptions options, ArgumentReader reader)
    {
        var parts = reader.Value().Split('-', 2);
        var min = reader.Whole(parts[0], 2, 10_000);
        var max = parts.Length == 2 ? reader.Whole(parts[1], min, 10_000) : min;
        return options with { MinPlays = min, MaxPlays = max };
    }

}
