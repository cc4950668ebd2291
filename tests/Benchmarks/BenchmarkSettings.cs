using System.ComponentModel;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>What every mode's settings have: <c>--json</c> prints the result as JSON instead of tables.</summary>
public abstract class BenchmarkSettings : CommandSettings
{
    [CommandOption("--json"), Description("print the result as JSON instead of tables")]
    public bool Json { get; init; }
}
