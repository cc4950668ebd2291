using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>The grain-call and press-play modes' command line: <c>[--seconds N] [--concurrency N] [--json]</c>.</summary>
public sealed class CallRateSettings : BenchmarkSettings
{
    [CommandOption("--seconds <N>"), Description("seconds each measurement runs (1 to 600, default 5)")]
    public int Seconds { get; init; } = BenchmarkOptions.Default.Seconds;

    [CommandOption("--concurrency <N>"), Description("calls in flight (1 to 10000, default 200)")]
    public int Concurrency { get; init; } = BenchmarkOptions.Default.Concurrency;

    public override ValidationResult Validate() => Check(Seconds, Concurrency);

    /// <summary>The ranges the browse mode shares.</summary>
    public static ValidationResult Check(int seconds, int concurrency) => OptionChecks.First(
        OptionChecks.Whole("--seconds", seconds, 1, 600),
        OptionChecks.Whole("--concurrency", concurrency, 1, 10_000));

    public BenchmarkOptions ToOptions() => new(Seconds, Concurrency, Json);
}
