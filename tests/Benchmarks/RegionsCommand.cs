using System.ComponentModel;
using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks regions [--content-seconds N] [--players N] [--drills N] [--heartbeat-ms N] [--beat-on-move] [--calls N] [--json]</c>: <see cref="RegionsBenchmark"/>.
/// </summary>
[Description("three regions: copies, evacuations, replication cost")]
public sealed class RegionsCommand : BenchmarkCommand<RegionsSettings>
{
    /// <summary>Issue 6's target for moving every session off an evacuated region.</summary>
    public static readonly TimeSpan Target = TimeSpan.FromSeconds(10);

    /// <summary>The players' routers probe at the client's default.</summary>
    private static readonly TimeSpan ProbeEvery = new Client.Regions.RegionRouterOptions().ProbeEvery;

    protected override string Name => "regions benchmark";

    protected override async Task RunAsync(RegionsSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var r = await RegionsBenchmark.RunAsync(options, Console.Error, cancellationToken);
        foreach (var warning in Warnings(r)) Console.Error.WriteLine($"warning: {warning}");
        if (options.Json) WriteJson(r);
        else WriteTables(r);
    }

    private static IEnumerable<string> Warnings(RegionsResult r)
    {
        foreach (var d in r.Drills)
        {
            if (d.Tracked != r.Options.Players) yield return $"drill {d.Run} tracked {d.Tracked} sessions in us-east, not {r.Options.Players}";
            if (d.AllMovedAfter is null) yield return $"drill {d.Run}: only {d.Moved} of {d.Tracked} sessions moved";
            if (d.AllBackAfter is null) yield return $"drill {d.Run}: only {d.Back} of {r.Options.Players} sessions came back after the restore";
        }
        if (r.Drills.Count < r.Options.Drills) yield return $"{r.Drills.Count} of {r.Options.Drills} drills ran";
        if (r.CopiedMembers != r.WriteMembers) yield return $"us-west holds {r.CopiedMembers} of the {r.WriteMembers} members written in us-east";
        if (r.OwedCopies != 0) yield return $"us-east still owes {r.OwedCopies} copies: some writes were not copied synchronously";
    }

    private static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.00} s" : "—";

    private static string Ms(double microseconds) => $"{microseconds / 1000:0.00} ms";

    private static void WriteTables(RegionsResult r)
    {
        RegionsContentReport.WriteTable(r.Content);
        var o = r.Options;
        // Narrow enough for 80 columns, which Spectre assumes when output is redirected.
        var drills = new Table().Title($"evacuate us-east: {o.Players} sessions, heartbeat {o.HeartbeatMs} ms{(o.BeatOnMove ? " + on a move" : "")}, probe {ProbeEvery.TotalSeconds:0.#} s")
            .AddColumn("drill").AddColumn(new TableColumn("moved").RightAligned()).AddColumn(new TableColumn("routers moved").RightAligned())
            .AddColumn(new TableColumn("first arrived").RightAligned()).AddColumn(new TableColumn("all arrived").RightAligned())
            .AddColumn(new TableColumn("back").RightAligned());
        foreach (var d in r.Drills)
        {
            drills.AddRow($"{d.Run}", $"{d.Moved}/{d.Tracked}", Seconds(d.RoutersMovedAfter), Seconds(d.FirstMovedAfter), Seconds(d.AllMovedAfter), Seconds(d.AllBackAfter));
        }
        drills.AddRow("[bold]median[/]", "", Seconds(r.MedianRoutersMoved), Seconds(r.MedianFirstMoved), $"[bold]{Seconds(r.MedianAllMoved)}[/]", Seconds(r.MedianAllBack));
        AnsiConsole.Write(drills);
        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        var movedTo = r.Drills.SelectMany(d => d.MovedTo).GroupBy(m => m.Key).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Sum(m => m.Value)}");
        Console.WriteLine("times from the drill's start: routers moved = the last player's router left us-east (its probe saw the mark); arrived = a session's " +
                          "first heartbeat served by another region; back = after the restore, until every session heartbeated in us-east again; " +
                          $"mark written and copied after {string.Join(", ", r.Drills.Select(d => Seconds(d.MarkedAfter)))}");
        Console.WriteLine($"evacuation time (drill start until every session heartbeated in another region), median of {r.Drills.Count}: " +
                          $"{Seconds(r.MedianAllMoved)} (target ≤ {Target.TotalSeconds:0} s){(r.MedianAllMoved <= Target ? "" : " MISSED")}; " +
                          $"moves to {string.Join(", ", movedTo)}; {r.Heartbeats:N0} heartbeats, failed: " +
                          $"{(r.HeartbeatFailures.Count == 0 ? "none" : string.Join(", ", r.HeartbeatFailures.Select(f => $"{f.Value} {f.Key}")))}");

        var writes = new Table().Title("SetResumePoint through a client to us-east: single region vs replicated")
            .AddColumn(new TableColumn("in flight").RightAligned()).AddColumn("us-east").AddColumn(new TableColumn("calls").RightAligned())
            .AddColumn(new TableColumn("calls/s").RightAligned()).AddColumn(new TableColumn("p50").RightAligned()).AddColumn(new TableColumn("p99").RightAligned());
        foreach (var w in r.Writes)
        {
            foreach (var m in new[] { w.Single, w.Replicated })
                writes.AddRow($"{w.Concurrency}", m.Scenario, $"{m.Calls:N0}", $"{m.CallsPerSecond:N0}", Ms(m.P50Microseconds), Ms(m.P99Microseconds));
            writes.AddRow($"{w.Concurrency}", "[bold]replicated / single[/]", "", $"[bold]{w.RateRatio:0.00}×[/]", $"[bold]{w.P50Ratio:0.00}×[/]", $"[bold]{w.P99Ratio:0.00}×[/]");
        }
        AnsiConsole.Write(writes);
        Console.WriteLine($"{r.WriteMembers} members, writes in the order single, replicated, replicated, single (each half the calls); " +
                          $"afterwards us-west holds {r.CopiedMembers} of them and us-east owes {r.OwedCopies} copies; one PostgreSQL server for all regions (loopback, no WAN delay)");
        Console.WriteLine($"set up in {r.Setup.TotalSeconds:0.0} s, whole run {r.Total.TotalSeconds:0.0} s; machine: {Report.MachineLine}");
    }

    private static void WriteJson(RegionsResult r)
    {
        static double? S(TimeSpan? t) => t is { } v ? Math.Round(v.TotalSeconds, 3) : null;
        Report.PrintJson(new
        {
            machine = Report.Machine(),
            content = RegionsContentReport.Json(r.Content),
            players = r.Options.Players,
            heartbeatMs = r.Options.HeartbeatMs,
            heartbeatOnMove = r.Options.BeatOnMove,
            probeEveryMs = ProbeEvery.TotalMilliseconds,
            drills = r.Drills.Select(d => new
            {
                run = d.Run,
                tracked = d.Tracked,
                moved = d.Moved,
                markedAfterSeconds = S(d.MarkedAfter),
                routersMovedSeconds = S(d.RoutersMovedAfter),
                firstMovedSeconds = S(d.FirstMovedAfter),
                allMovedSeconds = S(d.AllMovedAfter),
                movedTo = d.MovedTo,
                back = d.Back,
                allBackSeconds = S(d.AllBackAfter),
            }),
            medianAllMovedSeconds = S(r.MedianAllMoved),
            medianFirstMovedSeconds = S(r.MedianFirstMoved),
            medianRoutersMovedSeconds = S(r.MedianRoutersMoved),
            medianAllBackSeconds = S(r.MedianAllBack),
            targetSeconds = Target.TotalSeconds,
            heartbeats = r.Heartbeats,
            heartbeatFailures = r.HeartbeatFailures,
            writes = r.Writes.Select(w => new
            {
                concurrency = w.Concurrency,
                scenarios = new[] { w.Single, w.Replicated }.Select(m => new
                {
                    scenario = m.Scenario,
                    calls = m.Calls,
                    callsPerSecond = Math.Round(m.CallsPerSecond, 1),
                    p50Microseconds = Math.Round(m.P50Microseconds, 1),
                    p99Microseconds = Math.Round(m.P99Microseconds, 1),
                }),
                rateRatio = Math.Round(w.RateRatio, 3),
                p50Ratio = Math.Round(w.P50Ratio, 3),
                p99Ratio = Math.Round(w.P99Ratio, 3),
            }),
            writeMembers = r.WriteMembers,
            copiedMembers = r.CopiedMembers,
            owedCopies = r.OwedCopies,
            warnings = Warnings(r).ToArray(),
            setupSeconds = S(r.Setup),
            totalSeconds = S(r.Total),
        });
    }
}
