using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The recommendations mode's command line (the mode word already removed):
/// <c>recommendations [--titles N] [--members N] [--plays MIN-MAX] [--holdout PERCENT] [--popular-share PERCENT] [--taste-skew E] [--k N] [--neighbours N] [--shrinkage X] [--seed N] [--json]</c>.
/// </summary>
public sealed record RecommendationsOptions(int Titles, int Members, int MinPlays, int MaxPlays, double Holdout, double PopularShare, double TasteSkew, int K, int Neighbours, double Shrinkage, int Seed, bool Json)
{
    public const string Mode = "recommendations";

    public const string Usage = "usage: Benchmarks recommendations [--titles N (catalog size, default 5000)] [--members N (default 10000)] " +
        "[--plays MIN-MAX (plays per member, default 20-50)] [--holdout PERCENT (each member's last plays held out, default 20)] " +
        "[--popular-share PERCENT (plays drawn from overall popularity rather than taste, default 30)] [--taste-skew E (a taste play picks a title in the genre by popularity^E, default 0.5)] " +
        "[--k N (list length scored, default 50)] " +
        "[--neighbours N (kept per title, default 100)] [--shrinkage X (default 10)] [--seed N (default 1)] [--json]";

    public static readonly RecommendationsOptions Default = new(Titles: 5000, Members: 10_000, MinPlays: 20, MaxPlays: 50, Holdout: 0.20, PopularShare: 0.30, TasteSkew: 0.5,
        K: 50, Neighbours: 100, Shrinkage: 10, Seed: 1, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static RecommendationsOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--titles" => options with { Titles = reader.Whole(100, 100_000) },
                "--members" => options with { Members = reader.Whole(10, 1_000_000) },
                "--plays" => Plays(options, reader),
                "--holdout" => options with { Holdout = reader.Number(1, 90) / 100 },
                "--popular-share" => options with { PopularShare = reader.Number(0, 100) / 100 },
                "--taste-skew" => options with { TasteSkew = reader.Number(0, 3) },
                "--k" => options with { K = reader.Whole(1, 1000) },
                "--neighbours" => options with { Neighbours = reader.Whole(1, 10_000) },
                "--shrinkage" => options with { Shrinkage = reader.Number(0, 10_000) },
                "--seed" => options with { Seed = reader.Whole(0, int.MaxValue) },
                "--json" when reader.IsFlag => options with { Json = true },
                _ => throw reader.Unknown(),
            };
        }
        if (options.MaxPlays >= options.Titles) throw new ArgumentException($"--plays must stay below --titles ({options.Titles}). {Usage}");
        return options;
    }

    private static RecommendationsOptions Plays(RecommendationsOptions options, ArgumentReader reader)
    {
        var parts = reader.Value().Split('-', 2);
        var min = reader.Whole(parts[0], 2, 10_000);
        var max = parts.Length == 2 ? reader.Whole(parts[1], min, 10_000) : min;
        return options with { MinPlays = min, MaxPlays = max };
    }

}
