namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The artwork mode's options, as <see cref="ArtworkSettings"/> reads them from its command line:
/// <c>artwork [--members N] [--titles N] [--impressions N] [--log N] [--explore N] [--epsilon PERCENT] [--learning-rate X] [--seed N] [--json]</c>.
/// </summary>
public sealed record ArtworkOptions(int Members, int Titles, int Impressions, int Logged, int ExplorePerTitle, double Epsilon, double LearningRate, int Seed, bool Json)
{
    public const string Mode = "artwork";

    public static readonly ArtworkOptions Default = new(Members: 3000, Titles: 400, Impressions: 1_000_000, Logged: 400_000, ExplorePerTitle: 400, Epsilon: 0.03, LearningRate: 0.15, Seed: 1, Json: false);
}
