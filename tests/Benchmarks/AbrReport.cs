using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Prints an <see cref="AbrResult"/> as tables (per ladder, then which rule wins each) or as one JSON object.</summary>
public static class AbrReport
{
    public static void WriteTable(AbrResult result)
    {
        foreach (var ladder in result.Ladders) WriteLadder(result, ladder);

        var summary = new Table().Title("which rule wins each ladder (highest mean QoE)")
            .Caption("ours wins: first in QoE and a rebuffer ratio no higher than robust MPC's")
            .AddColumn("ladder").AddColumn("best rule").AddColumn(new TableColumn("QoE ours").RightAligned())
            .AddColumn(new TableColumn("QoE MPC").RightAligned()).AddColumn(new TableColumn("rebuffer ours").RightAligned())
            .AddColumn(new TableColumn("rebuffer MPC").RightAligned()).AddColumn("ours wins");
        foreach (var l in result.Ladders)
        {
            summary.AddRow(l.Ladder.Name, l.Best.Rule, $"{l.Ours.Qoe:0.000}", $"{l.Mpc.Qoe:0.000}", $"{l.Ours.RebufferRatio:P2}", $"{l.Mpc.RebufferRatio:P2}",
                l.OursWins ? "yes" : "NO");
        }
        AnsiConsole.Write(summary);
    }

    private static void WriteLadder(AbrResult result, AbrLadderResult ladder)
    {
        var title = ladder.Title;
        var rungs = new Table().Title($"ladder {ladder.Ladder.Name}: nominal bitrate and what its segments carry")
            .AddColumn(new TableColumn("nominal kb/s").RightAligned()).AddColumn(new TableColumn("mean segment kB").RightAligned())
            .AddColumn(new TableColumn("actual kb/s").RightAligned());
        for (var r = 0; r < title.Renditions; r++)
        {
            rungs.AddRow($"{title.BitratesKbps[r]:0}", $"{title.SegmentBytes[r].Average() / 1000:0}", $"{title.ActualKbps(r):0}");
        }
        AnsiConsole.Write(rungs);

        var table = new Table()
            .Title($"ladder {ladder.Ladder.Name}: {result.Traces} traces x {title.Segments} segments, max buffer {result.Options.MaxBufferSeconds:0.#} s")
            .Caption("rebuffer: stall time / (play + stall time), all sessions; stalled: share of sessions with a stall; kb/s: mean nominal bitrate; " +
                     "switches: per session; startup: mean seconds to the first segment; QoE: Pensieve's linear QoE per segment")
            .AddColumn("rule")
            .AddColumn(new TableColumn("rebuffer").RightAligned())
            .AddColumn(new TableColumn("stalled").RightAligned())
            .AddColumn(new TableColumn("kb/s").RightAligned())
            .AddColumn(new TableColumn("switches").RightAligned())
            .AddColumn(new TableColumn("startup").RightAligned())
            .AddColumn(new TableColumn("QoE").RightAligned());
        foreach (var rule in ladder.Rules)
        {
            table.AddRow(rule.Rule, $"{rule.RebufferRatio:P2}", $"{rule.SessionsWithStalls:P0}", $"{rule.MeanKbps:0}", $"{rule.SwitchesPerSession:0.0}",
                $"{rule.StartupSeconds:0.00}", $"{rule.Qoe:0.000}");
        }
        AnsiConsole.Write(table);
    }

    public static void WriteJson(AbrResult result) => Report.PrintJson(new
    {
        machine = Report.Machine(),
        traces = result.Traces,
        segments = result.Options.Segments,
        maxBufferSeconds = result.Options.MaxBufferSeconds,
        jitter = result.Options.Jitter,
        ladders = result.Ladders.Select(l => new
        {
            ladder = l.Ladder.Name,
            rungs = Enumerable.Range(0, l.Title.Renditions).Select(r => new
            {
                nominalKbps = l.Title.BitratesKbps[r], meanSegmentBytes = l.Title.SegmentBytes[r].Average(), actualKbps = l.Title.ActualKbps(r),
            }),
            best = l.Best.Rule,
            oursWins = l.OursWins,
            rules = l.Rules.Select(r => new
            {
                rule = r.Rule,
                rebufferRatio = r.RebufferRatio,
                sessionsWithStalls = r.SessionsWithStalls,
                meanKbps = r.MeanKbps,
                switchesPerSession = r.SwitchesPerSession,
                startupSeconds = r.StartupSeconds,
                qoe = r.Qoe,
            }),
        }),
    });
}
