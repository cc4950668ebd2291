using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The edge mode's command line: <c>edge [--duration S] [--rounds N] [--connections N] [--threads N] [--json]</c>; the last
/// three go to wrk as they are.
/// </summary>
public sealed class EdgeBenchmarkSettings : BenchmarkSettings
{
    [CommandOption("--duration <S>"), Description("seconds per wrk run (1 to 600, default 10)")]
    public int Duration { get; init; } = EdgeBenchmarkOptions.Default.Duration;

    [CommandOption("--rounds <N>"), Description("timed runs per server (1 to 100, default 5)")]
    public int Rounds { get; init; } = EdgeBenchmarkOptions.Default.Rounds;

    // nginx is given 1024 connections per worker.
    [CommandOption("--connections <N>"), Description("wrk -c (1 to 1000, default 16)")]
    public int Connections { get; init; } = EdgeBenchmarkOptions.Default.Connections;

    [CommandOption("--threads <N>"), Description("wrk -t (1 to 256, default 1)")]
    public int Threads { get; init; } = EdgeBenchmarkOptions.Default.Threads;

    public override ValidationResult Validate() => OptionChecks.First(
        OptionChecks.Whole("--duration", Duration, 1, 600),
        OptionChecks.Whole("--rounds", Rounds, 1, 100),
        OptionChecks.Whole("--connections", Connections, 1, 1000),
        OptionChecks.Whole("--threads", Threads, 1, 256),
        // wrk refuses fewer connections than threads (each thread needs at least one).
        Connections >= Threads ? ValidationResult.Success() : ValidationResult.Error($"--connections ({Connections}) must be at least --threads ({Threads})"));

    public EdgeBenchmarkOptions ToOptions() => new(Duration, Rounds, Connections, Threads, Json);
}
