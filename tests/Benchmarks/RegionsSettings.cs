using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The regions mode's command line: <c>regions [--content-seconds N] [--players N] [--drills N] [--heartbeat-ms N] [--beat-on-move] [--calls N] [--json]</c>
/// (what each means: <see cref="RegionsOptions"/>).
/// </summary>
public sealed class RegionsSettings : BenchmarkSettings
{
    [CommandOption("--content-seconds <N>"), Description("source ingested in us-east (4 to 600, default 60)")]
    public int ContentSeconds { get; init; } = RegionsOptions.Default.ContentSeconds;

    [CommandOption("--players <N>"), Description("playing sessions (1 to 1000, default 100)")]
    public int Players { get; init; } = RegionsOptions.Default.Players;

    [CommandOption("--drills <N>"), Description("evacuations of us-east (1 to 20, default 3)")]
    public int Drills { get; init; } = RegionsOptions.Default.Drills;

    [CommandOption("--heartbeat-ms <N>"), Description("each session's heartbeat interval (100 to 10000, default 1000)")]
    public int HeartbeatMs { get; init; } = RegionsOptions.Default.HeartbeatMs;

    [CommandOption("--beat-on-move"), Description("also heartbeat at once when moved, as Client play does")]
    public bool BeatOnMove { get; init; }

    [CommandOption("--calls <N>"), Description("SetResumePoint calls per scenario at concurrency 32, a tenth at concurrency 1 (100 to 1000000, default 6000)")]
    public int Calls { get; init; } = RegionsOptions.Default.Calls;

    public override ValidationResult Validate() => OptionChecks.First(
        OptionChecks.Whole("--content-seconds", ContentSeconds, 4, 600),
        OptionChecks.Whole("--players", Players, 1, 1000),
        OptionChecks.Whole("--drills", Drills, 1, 20),
        OptionChecks.Whole("--heartbeat-ms", HeartbeatMs, 100, 10_000),
        OptionChecks.Whole("--calls", Calls, 100, 1_000_000));

    public RegionsOptions ToOptions() => new(ContentSeconds, Players, Drills, HeartbeatMs, BeatOnMove, Calls, Json);
}
