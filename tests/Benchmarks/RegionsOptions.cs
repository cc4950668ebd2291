namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The regions mode's command line (the mode word already removed):
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

    public const string Usage = "usage: Benchmarks regions [--content-seconds N (source ingested in us-east, default 60)] [--players N (playing sessions, default 100)] [--drills N (evacuations of us-east, default 3)] " +
        "[--heartbeat-ms N (each session's heartbeat interval, default 1000)] [--beat-on-move (also heartbeat at once when moved, as Client play does)] [--calls N (SetResumePoint calls per scenario at concurrency 32, " +
        "a tenth at concurrency 1, default 6000)] [--json]";

    public static readonly RegionsOptions Default = new(ContentSeconds: 60, Players: 100, Drills: 3, HeartbeatMs: 1000, BeatOnMove: false, Calls: 6000, Json: false);

    public TimeSpan Heartbeat => TimeSpan.FromMilliseconds(HeartbeatMs);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static RegionsOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--content-seconds" => options with { ContentSeconds = reader.Whole(4, 600) },
                "--players" => options with { Players = reader.Whole(1, 1000) },
                "--drills" => options with { Drills = reader.Whole(1, 20) },
                "--heartbeat-ms" => options with { HeartbeatMs = reader.Whole(100, 10_000) },
                "--beat-on-move" when reader.IsFlag => options with { BeatOnMove = true },
                "--calls" => options with { Calls = reader.Whole(100, 1_000_000) },
                "--json" when reader.IsFlag => options with { Json = true },
                _ => throw reader.Unknown(),
            };
        }
        return options;
    }
}
