using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The artwork mode's command line: <c>artwork [--members N] [--titles N] [--impressions N] [--log N] [--explore N] [--epsilon PERCENT]
/// [--learning-rate X] [--seed N] [--json]</c>.
/// </summary>
public sealed class ArtworkSettings : BenchmarkSettings
{
    [CommandOption("--members <N>"), Description("10 to 1000000, default 3000")]
    public int Members { get; init; } = ArtworkOptions.Default.Members;

    [CommandOption("--titles <N>"), Description("1 to 100000, default 400")]
    public int Titles { get; init; } = ArtworkOptions.Default.Titles;

    [CommandOption("--impressions <N>"), Description("online impressions per policy (1000 to 100000000, default 1000000)")]
    public int Impressions { get; init; } = ArtworkOptions.Default.Impressions;

    [CommandOption("--log <N>"), Description("uniformly random impressions logged for replay, half to train (1000 to 100000000, default 400000)")]
    public int Logged { get; init; } = ArtworkOptions.Default.Logged;

    [CommandOption("--explore <N>"), Description("impressions per title the A/B test spends exploring before it fixes one image (1 to 1000000, default 400)")]
    public int ExplorePerTitle { get; init; } = ArtworkOptions.Default.ExplorePerTitle;

    [CommandOption("--epsilon <PERCENT>"), Description("bandit exploration (0 to 100, default 3)")]
    public double? Epsilon { get; init; }

    [CommandOption("--learning-rate <X>"), Description("the bandit's AdaGrad step (0.001 to 10, default 0.15)")]
    public double LearningRate { get; init; } = ArtworkOptions.Default.LearningRate;

    [CommandOption("--seed <N>"), Description("default 1")]
    public int Seed { get; init; } = ArtworkOptions.Default.Seed;

    public override ValidationResult Validate() => OptionChecks.First(
        OptionChecks.Whole("--members", Members, 10, 1_000_000),
        OptionChecks.Whole("--titles", Titles, 1, 100_000),
        OptionChecks.Whole("--impressions", Impressions, 1000, 100_000_000),
        OptionChecks.Whole("--log", Logged, 1000, 100_000_000),
        OptionChecks.Whole("--explore", ExplorePerTitle, 1, 1_000_000),
        OptionChecks.Number("--epsilon", Epsilon, 0, 100),
        OptionChecks.Number("--learning-rate", LearningRate, 0.001, 10),
        OptionChecks.Whole("--seed", Seed, 0, int.MaxValue));

    public ArtworkOptions ToOptions() => new(Members, Titles, Impressions, Logged, ExplorePerTitle, Epsilon / 100 ?? ArtworkOptions.Default.Epsilon, LearningRate, Seed, Json);
}
