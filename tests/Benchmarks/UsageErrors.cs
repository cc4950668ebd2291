using Orleans.Netflix.Hosting.CommandLine;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The two mistakes Spectre.Console.Cli words badly, said as every program of the solution says them
/// (<see cref="CommandLineSwitches"/>): an option written without its value, and a value that is not a number
/// ("Failed to convert 'x' to Int32.", naming no option).
/// </summary>
public static class UsageErrors
{
    private static readonly Type[] Modes = [.. CommandLineSwitches.SettingsTypesOf(typeof(BenchmarkSettings).Assembly)];

    /// <summary>"--seconds needs a value" for the first option written last or just before another option, or null.</summary>
    public static string? MissingValue(IReadOnlyList<string> args) => CommandLineSwitches.MissingValue(args, Modes);

    /// <summary>Spectre's message, with the option named where Spectre could not convert its value.</summary>
    public static string Explain(string message, IReadOnlyList<string> args) => CommandLineSwitches.Explain(message, args, Modes);
}
