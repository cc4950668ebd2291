using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>The browse mode's command line: <c>browse [--seconds N] [--concurrency N] [--memory-log] [--json]</c>.</summary>
public sealed class BrowseSettings : BenchmarkSettings
{
    [CommandOption("--seconds <N>"), Description("seconds each measurement runs (1 to 600, default 5)")]
    public int Seconds { get; init; } = BenchmarkOptions.Default.Seconds;

    [CommandOption("--concurrency <N>"), Description("members browsing at once (1 to 10000, default 1000)")]
    public int Concurrency { get; init; } = BrowseBenchmark.DefaultMembers;

    [CommandOption("--memory-log"), Description("keep every analytics event in the dev silo's in-memory log grain instead of a store that only counts them")]
    public bool MemoryLog { get; init; }

    public override ValidationResult Validate() => CallRateSettings.Check(Seconds, Concurrency);

    public BenchmarkOptions ToOptions() => new(Seconds, Concurrency, Json);
}
