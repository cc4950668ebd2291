using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The db-restart mode's command line: <c>db-restart [--silos N] [--warmup S] [--baseline S] [--outage S] [--after S] [--json]</c>
/// (what each means: <see cref="DbRestartOptions"/>).
/// </summary>
public sealed class DbRestartSettings : BenchmarkSettings
{
    [CommandOption("--silos <N>"), Description("silo processes (1 to 4, default 2)")]
    public int Silos { get; init; } = DbRestartOptions.Default.Silos;

    [CommandOption("--warmup <S>"), Description("load before the baseline (0 to 600, default 20)")]
    public int WarmupSeconds { get; init; } = DbRestartOptions.Default.WarmupSeconds;

    [CommandOption("--baseline <S>"), Description("rate before the stop measured over (2 to 600, default 10)")]
    public int BaselineSeconds { get; init; } = DbRestartOptions.Default.BaselineSeconds;

    [CommandOption("--outage <S>"), Description("server stopped for (0 to 600, default 5)")]
    public int OutageSeconds { get; init; } = DbRestartOptions.Default.OutageSeconds;

    [CommandOption("--after <S>"), Description("load after the restart (5 to 600, default 30)")]
    public int AfterSeconds { get; init; } = DbRestartOptions.Default.AfterSeconds;

    public override ValidationResult Validate() => OptionChecks.First(
        OptionChecks.Whole("--silos", Silos, 1, 4),
        OptionChecks.Whole("--warmup", WarmupSeconds, 0, 600),
        OptionChecks.Whole("--baseline", BaselineSeconds, 2, 600),
        OptionChecks.Whole("--outage", OutageSeconds, 0, 600),
        OptionChecks.Whole("--after", AfterSeconds, 5, 600));

    public DbRestartOptions ToOptions() => new(Silos, WarmupSeconds, BaselineSeconds, OutageSeconds, AfterSeconds, Json);
}
