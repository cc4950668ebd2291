using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The recommendations mode's command line: <c>recommendations [--population micro-genres|genres] [--titles N] [--members N] [--plays MIN-MAX]
/// [--holdout PERCENT] [--popular-share PERCENT] [--taste-skew E] [--k N] [--neighbours N] [--shrinkage X] [--factors N] [--iterations N]
/// [--alpha X] [--lambda X] [--seed N] [--json]</c>.
/// </summary>
public sealed class RecommendationsSettings : BenchmarkSettings
{
    [CommandOption("--population <NAME>"), Description($"{RecommendationsOptions.MicroGenres} or {RecommendationsOptions.Genres} (default {RecommendationsOptions.MicroGenres})")]
    public string Population { get; init; } = RecommendationsOptions.Default.Population;

    [CommandOption("--titles <N>"), Description("catalog size (100 to 100000, default 5000)")]
    public int Titles { get; init; } = RecommendationsOptions.Default.Titles;

    [CommandOption("--members <N>"), Description("10 to 1000000, default 10000")]
    public int Members { get; init; } = RecommendationsOptions.Default.Members;

    [CommandOption("--plays <MIN-MAX>"), Description("plays per member, from 2, below --titles (default 20-50)")]
    public string? Plays { get; init; }

    [CommandOption("--holdout <PERCENT>"), Description("each member's last plays held out (1 to 90, default 20)")]
    public double? Holdout { get; init; }

    [CommandOption("--popular-share <PERCENT>"), Description("plays drawn from overall popularity rather than taste (0 to 100, default 10 on micro-genres, 30 on genres)")]
    public double? PopularShare { get; init; }

    [CommandOption("--taste-skew <E>"), Description("a taste play picks a title in the genre by popularity^E (0 to 3, default 0.5)")]
    public double TasteSkew { get; init; } = RecommendationsOptions.Default.TasteSkew;

    [CommandOption("-k <N>"), Description("list length scored, also written --k (1 to 1000, default 50)")]
    public int K { get; init; } = RecommendationsOptions.Default.K;

    [CommandOption("--neighbours <N>"), Description("kept per title (1 to 10000, default 100)")]
    public int Neighbours { get; init; } = RecommendationsOptions.Default.Neighbours;

    [CommandOption("--shrinkage <X>"), Description("0 to 10000, default 10")]
    public double Shrinkage { get; init; } = RecommendationsOptions.Default.Shrinkage;

    [CommandOption("--factors <N>"), Description("ALS (1 to 512, default 32)")]
    public int Factors { get; init; } = RecommendationsOptions.Default.Factors;

    [CommandOption("--iterations <N>"), Description("ALS (1 to 100, default 10)")]
    public int Iterations { get; init; } = RecommendationsOptions.Default.Iterations;

    [CommandOption("--alpha <X>"), Description("ALS confidence per play (0 to 10000, default 10)")]
    public double Alpha { get; init; } = RecommendationsOptions.Default.Alpha;

    [CommandOption("--lambda <X>"), Description("ALS L2 (0 to 10000, default 1)")]
    public double Lambda { get; init; } = RecommendationsOptions.Default.Lambda;

    [CommandOption("--seed <N>"), Description("default 1")]
    public int Seed { get; init; } = RecommendationsOptions.Default.Seed;

    public override ValidationResult Validate()
    {
        var (_, maxPlays, playsError) = Plays is null ? (0, RecommendationsOptions.Default.MaxPlays, null) : PlaysRange(Plays);
        return OptionChecks.First(
            Population is RecommendationsOptions.MicroGenres or RecommendationsOptions.Genres
                ? ValidationResult.Success()
                : ValidationResult.Error($"--population is {RecommendationsOptions.MicroGenres} or {RecommendationsOptions.Genres}, not '{Population}'"),
            OptionChecks.Whole("--titles", Titles, 100, 100_000),
            OptionChecks.Whole("--members", Members, 10, 1_000_000),
            OptionChecks.Checked(playsError),
            OptionChecks.Number("--holdout", Holdout, 1, 90),
            OptionChecks.Number("--popular-share", PopularShare, 0, 100),
            OptionChecks.Number("--taste-skew", TasteSkew, 0, 3),
            OptionChecks.Whole("--k", K, 1, 1000),
            OptionChecks.Whole("--neighbours", Neighbours, 1, 10_000),
            OptionChecks.Number("--shrinkage", Shrinkage, 0, 10_000),
            OptionChecks.Whole("--factors", Factors, 1, 512),
            OptionChecks.Whole("--iterations", Iterations, 1, 100),
            OptionChecks.Number("--alpha", Alpha, 0, 10_000),
            OptionChecks.Number("--lambda", Lambda, 0, 10_000),
            OptionChecks.Whole("--seed", Seed, 0, int.MaxValue),
            maxPlays < Titles ? ValidationResult.Success() : ValidationResult.Error($"--plays must stay below --titles ({Titles})"));
    }

    public RecommendationsOptions ToOptions()
    {
        var (minPlays, maxPlays, _) = Plays is null ? (RecommendationsOptions.Default.MinPlays, RecommendationsOptions.Default.MaxPlays, null) : PlaysRange(Plays);
        return new RecommendationsOptions(Population, Titles, Members, minPlays, maxPlays, Holdout / 100 ?? RecommendationsOptions.Default.Holdout,
            PopularShare / 100 ?? (Population == RecommendationsOptions.Genres ? 0.30 : 0.10), TasteSkew, K, Neighbours, Shrinkage, Factors, Iterations,
            Alpha, Lambda, Seed, Json);
    }

    /// <summary><c>MIN-MAX</c>, or one number for both: the minimum from 2, the maximum from the minimum, both up to 10000.</summary>
    private static (int Min, int Max, string? Error) PlaysRange(string text)
    {
        var parts = text.Split('-', 2);
        var (min, minError) = OptionChecks.ParseWhole("--plays", parts[0], 2, 10_000);
        if (minError is not null) return (0, 0, minError);
        if (parts.Length == 1) return (min, min, null);
        var (max, maxError) = OptionChecks.ParseWhole("--plays", parts[1], min, 10_000);
        return (min, max, maxError);
    }
}
