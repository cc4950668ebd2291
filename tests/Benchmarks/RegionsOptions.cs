namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The regions mode's options, as <see cref="RegionsSettings"/> reads them from its command line:
/// <c>regions [--content-seconds N] [--players N] [--drills N] [--heartbeat-ms N] [--beat-on-move] [--calls N] [--json]</c>.
/// </summary>
/// <param name="ContentSeconds">Length of the source ingested in us-east and copied to the other regions.</param>
/// <param name="Players">Simulated players, each with its own region router and session.</param>
/// <param name="Drills">Evacuations of us-east, each followed by a restore.</param>
/// <param name="HeartbeatMs">How often each player heartbeats its session.</param>
/// <param name="BeatOnMove">Players also heartbeat at once when their router moves them, as <c>Client play</c> does; by default they heartbeat on their timer only, as the drill tests' players.</param>
/// <param name="Calls">SetResumePoint calls per write scenario at concurrency 32 (a tenth of it at concurrency 1).</param>
public sealed record RegionsOptions(int ContentSeconds, int Players, int Drills, int HeartbeatMs, bool BeatOnMove, int Calls, bool Json)
{
    public const string Mode = "regions";

    public static readonly RegionsOptions Default = new(ContentSeconds: 60, Players: 100, Drills: 3, HeartbeatMs: 1000, BeatOnMove: false, Calls: 6000, Json: false);

    public TimeSpan Heartbeat => TimeSpan.FromMilliseconds(HeartbeatMs);
}
