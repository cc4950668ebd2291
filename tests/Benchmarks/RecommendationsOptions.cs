namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The recommendations mode's options, as <see cref="RecommendationsSettings"/> reads them from its command line:
/// <c>recommendations [--titles N] [--members N] [--plays MIN-MAX] [--holdout PERCENT] [--popular-share PERCENT] [--taste-skew E] [--k N] [--neighbours N] [--shrinkage X] [--seed N] [--json]</c>.
/// </summary>
public sealed record RecommendationsOptions(string Population, int Titles, int Members, int MinPlays, int MaxPlays, double Holdout, double PopularShare, double TasteSkew, int K, int Neighbours, double Shrinkage, int Factors, int Iterations, double Alpha, double Lambda, int Seed, bool Json)
{
    public const string Mode = "recommendations";

    /// <summary>Hidden tastes over micro-genres (genre x era x tone, about 30 titles each), 10 % of plays from popularity.</summary>
    public const string MicroGenres = "micro-genres";

    /// <summary>The first population: genre-wide tastes, 30 % of plays from popularity.</summary>
    public const string Genres = "genres";

    public static readonly RecommendationsOptions Default = new(Population: MicroGenres, Titles: 5000, Members: 10_000, MinPlays: 20, MaxPlays: 50, Holdout: 0.20, PopularShare: double.NaN, TasteSkew: 0.5,
        K: 50, Neighbours: 100, Shrinkage: 10, Factors: 32, Iterations: 10, Alpha: 10, Lambda: 1, Seed: 1, Json: false);
}
