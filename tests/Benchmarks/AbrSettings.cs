using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The ABR mode's command line: <c>abr [--ladder title|KBPS,KBPS,…]… [--jitter J] [--traces DIR] [--segments N] [--max-buffer S] [--json]</c>.
/// </summary>
public sealed class AbrSettings : BenchmarkSettings
{
    [CommandOption("--ladder <LADDER>"), Description("'title' (a title ingested through the pipeline) or rising bitrates in kb/s, KBPS,KBPS,...; " +
                                                     "repeatable (default: title, 400,...,5000 and a ten-rung 235,...,5800)")]
    public string[]? Ladders { get; init; }

    [CommandOption("--jitter <J>"), Description("each ladder segment scaled by 1 +- up to J (0 to 0.9, default 0)")]
    public double Jitter { get; init; } = AbrOptions.Default.Jitter;

    [CommandOption("--traces <DIR>"), Description("bandwidth traces (default tests/Traces/train)")]
    public string? Traces { get; init; }

    [CommandOption("--segments <N>"), Description("4 s segments per session (2 to 10000, default 48)")]
    public int Segments { get; init; } = AbrOptions.Default.Segments;

    [CommandOption("--max-buffer <S>"), Description("seconds (8 to 600, default the player's 30)")]
    public int? MaxBuffer { get; init; }

    public override ValidationResult Validate()
    {
        foreach (var ladder in Ladders ?? [])
        {
            try
            {
                AbrLadder.Parse(ladder);
            }
            catch (ArgumentException e)
            {
                return ValidationResult.Error(e.Message);
            }
        }
        return OptionChecks.First(
            OptionChecks.Number("--jitter", Jitter, 0, 0.9),
            OptionChecks.Whole("--segments", Segments, 2, 10_000),
            OptionChecks.Whole("--max-buffer", MaxBuffer, 8, 600));
    }

    public AbrOptions ToOptions() => AbrOptions.Default with
    {
        Ladders = Ladders is { Length: > 0 } ladders ? [.. ladders.Select(AbrLadder.Parse)] : AbrOptions.Default.Ladders,
        Jitter = Jitter,
        Traces = Traces,
        Segments = Segments,
        MaxBufferSeconds = MaxBuffer ?? AbrOptions.Default.MaxBufferSeconds,
        Json = Json,
    };
}
