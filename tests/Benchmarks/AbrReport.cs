using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Prints an <see cref="AbrResult"/> as tables or as one JSON object.</summary>
public static class AbrReport
{
    public static void WriteTable(AbrResult result)
    {
        var video = result.Video;
        var ladder = new Table().Title("the ladder (ingested through the pipeline): mean segment size and the bitrate it carries")
            .AddColumn("rendition").AddColumn(new TableColumn("nominal kb/s").RightAligned()).AddColumn(new TableColumn("mean segment kB").RightAligned())
            .AddColumn(new TableColumn("actual kb/s").RightAligned());
        for (var r = 0; r < video.Renditions.Count; r++)
        {
            var mean = video.SegmentBytes[r].Average();
            ladder.AddRow(video.Renditions[r].Name, $"{video.Renditions[r].VideoKbps}", $"{mean / 1000:0}", $"{mean * 8 / 1000 / video.SegmentSeconds:0}");
        }
        AnsiConsole.Write(ladder);

        var table = new Table()
            .Title($"{result.Traces} traces x {video.Segments} segments of {video.SegmentSeconds:0.#} s, max buffer {result.Options.MaxBufferSeconds} s")
            .Caption("rebuffer: stall time / (play + stall time), all sessions; stalled: share of sessions with a stall; kb/s: mean nominal bitrate; " +
                     "switches: per session; startup: mean seconds to the first segment; QoE: Pensieve's linear QoE per segment")
            .AddColumn("rule")
            .AddColumn(new TableColumn("rebuffer").RightAligned())
            .AddColumn(new TableColumn("stalled").RightAligned())
            .AddColumn(new TableColumn("kb/s").RightAligned())
            .AddColumn(new TableColumn("switches").RightAligned())
            .AddColumn(new TableColumn("startup").RightAligned())
            .AddColumn(new TableColumn("QoE").RightAligned());
        foreach (var rule in result.Rules)
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
        segments = result.Video.Segments,
        segmentSeconds = result.Video.SegmentSeconds,
        maxBufferSeconds = result.Options.MaxBufferSeconds,
        ladder = result.Video.Renditions.Select((r, i) => new { r.Name, r.VideoKbps, meanSegmentBytes = result.Video.SegmentBytes[i].Average() }),
        rules = result.Rules.Select(r => new
        {
            rule = r.Rule,
            rebufferRatio = r.RebufferRatio,
            sessionsWithStalls = r.SessionsWithStalls,
            meanKbps = r.MeanKbps,
            switchesPerSession = r.SwitchesPerSession,
            startupSeconds = r.StartupSeconds,
            qoe = r.Qoe,
        }),
    });
}
