using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The artwork mode's command line (the mode word already removed):
/// <c>artwork [--members N] [--titles N] [--impressions N] [--log N] [--explore N] [--epsilon PERCENT] [--learning-rate X] [--seed N] [--json]</c>.
/// </summary>
public sealed record ArtworkOptions(int Members, int Titles, int Impressions, int Logged, int ExplorePerTitle, double Epsilon, double LearningRate, int Seed, bool Json)
{
    public const string Mode = "artwork";

    public const string Usage = "usage: Benchmarks artwork [--members N (default 3000)] [--titles N (default 400)] " +
        "[--impressions N (online impressions per policy, default 1000000)] [--log N (uniformly random impressions logged for replay, half to train, default 400000)] " +
        "[--explore N (impressions per title the A/B test spends exploring before it fixes one image, default 400)] " +
        "[--epsilon PERCENT (bandit exploration, default 3)] [--learning-rate X (the bandit's AdaGrad step, default 0.15)] [--seed N (default 1)] [--json]";

    public static readonly ArtworkOptions Default = new(Members: 3000, Titles: 400, Impressions: 1_000_000, Logged: 400_000, ExplorePerTitle: 400, Epsilon: 0.03, LearningRate: 0.15, Seed: 1, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static ArtworkOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--members" => options with { Members = reader.Whole(10, 1_000_000) },
                "--titles" => options with { Titles = reader.Whole(1, 100_000) },
                "--impressions" => options with { Impressions = reader.Whole(1000, 100_000_000) },
                "--log" => options with { Logged = reader.Whole(1000, 100_000_000) },
                "--explore" => options with { ExplorePerTitle = reader.Whole(1, 1_000_000) },
                "--epsilon" => options with { Epsilon = reader.Number(0, 100) / 100 },
                "--learning-rate" => options with { LearningRate = reader.Number(0.001, 10) },
                "--seed" => options with { Seed = reader.Whole(0, int.MaxValue) },
                "--json" when reader.IsFlag => options with { Json = true },
                _ => throw reader.Unknown(),
            };
        }
        return options;
    }
}
