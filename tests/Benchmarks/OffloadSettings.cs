using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The offload mode's command line: <c>offload [--titles N] [--alphas A[,A...]] [--edges N] [--edge-share PERCENT] [--days N]
/// [--plays-per-day N] [--fill-share PERCENT] [--keep-bonus PERCENT] [--seed N] [--json]</c>. Shares are given in percent.
/// </summary>
public sealed class OffloadSettings : BenchmarkSettings
{
    [CommandOption("--titles <N>"), Description("catalog size (10 to 100000, default 1000)")]
    public int Titles { get; init; } = OffloadOptions.Default.Titles;

    [CommandOption("--alphas <A,A>"), Description("Zipf exponents, one simulation each (0 to 3, default 0.8,1.0,1.2,1.4)")]
    public string? Alphas { get; init; }

    [CommandOption("--edges <N>"), Description("edges at the clients' site (1 to 64, default 3)")]
    public int Edges { get; init; } = OffloadOptions.Default.Edges;

    [CommandOption("--edge-share <PERCENT>"), Description("each edge's capacity as a share of the catalog's bytes (0.1 to 100, default 10)")]
    public double? EdgeShare { get; init; }

    [CommandOption("--days <N>"), Description("simulated days, the first is warm-up (2 to 365, default 7)")]
    public int Days { get; init; } = OffloadOptions.Default.Days;

    [CommandOption("--plays-per-day <N>"), Description("100 to 10000000, default 20000")]
    public int PlaysPerDay { get; init; } = OffloadOptions.Default.PlaysPerDay;

    [CommandOption("--fill-share <PERCENT>"), Description("of each edge's capacity its fill plan may use (0 to 100, default Netflix:Cdn:FillShare)")]
    public double? FillShare { get; init; }

    [CommandOption("--keep-bonus <PERCENT>"), Description("fill hysteresis for held titles (0 to 1000, default Netflix:Cdn:FillKeepBonus)")]
    public double? KeepBonus { get; init; }

    [CommandOption("--seed <N>"), Description("default 1")]
    public int Seed { get; init; } = OffloadOptions.Default.Seed;

    public override ValidationResult Validate() => OptionChecks.First(
        OptionChecks.Whole("--titles", Titles, 10, 100_000),
        OptionChecks.Checked(Alphas is null ? null : Exponents(Alphas).Error),
        OptionChecks.Whole("--edges", Edges, 1, 64),
        OptionChecks.Number("--edge-share", EdgeShare, 0.1, 100),
        OptionChecks.Whole("--days", Days, 2, 365),
        OptionChecks.Whole("--plays-per-day", PlaysPerDay, 100, 10_000_000),
        OptionChecks.Number("--fill-share", FillShare, 0, 100),
        OptionChecks.Number("--keep-bonus", KeepBonus, 0, 1000),
        OptionChecks.Whole("--seed", Seed, 0, int.MaxValue));

    public OffloadOptions ToOptions() => OffloadOptions.Default with
    {
        Titles = Titles,
        Alphas = Alphas is null ? OffloadOptions.Default.Alphas : Exponents(Alphas).Values,
        Edges = Edges,
        EdgeShare = EdgeShare / 100 ?? OffloadOptions.Default.EdgeShare,
        Days = Days,
        PlaysPerDay = PlaysPerDay,
        FillShare = FillShare / 100 ?? OffloadOptions.Default.FillShare,
        KeepBonus = KeepBonus / 100 ?? OffloadOptions.Default.KeepBonus,
        Seed = Seed,
        Json = Json,
    };

    private static (double[] Values, string? Error) Exponents(string text) => OptionChecks.NumberList("--alphas", text, 0, 3);
}
