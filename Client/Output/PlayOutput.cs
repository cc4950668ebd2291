using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Playback;
using Spectre.Console;

namespace Orleans.Netflix.Client.Output;

/// <summary>What <c>play</c> prints: the manifest, a live line, the QoE summary (table or JSON).</summary>
public static class PlayOutput
{
    public static void Started(PlaybackManifest manifest, PlayCommand.Settings settings)
    {
        AnsiConsole.MarkupLine($"session [bold]{Markup.Escape(manifest.SessionId)}[/]: {Markup.Escape(manifest.TitleId)} on {settings.Device}, " +
            $"renditions {string.Join('/', manifest.Renditions.Select(r => r.Name))}, audio {Markup.Escape(manifest.AudioLanguage)}, " +
            $"subtitles {Markup.Escape(manifest.SubtitleLanguage ?? "off")}, from {manifest.StartPosition:hh\\:mm\\:ss}");
        AnsiConsole.MarkupLine($"edges: {string.Join(", ", manifest.Edges.Select(e => Markup.Escape(e.EdgeId)))}");
    }

    public static string ProgressLine(PlayerProgress p) =>
        Markup.Escape($"{p.Position:hh\\:mm\\:ss} {p.Height}p buffer {p.BufferSeconds:0.0}s stalls {p.Rebuffers} edge {p.EdgeId}");

    public static void Report(PlaybackManifest manifest, PlayResult result, IReadOnlyList<Regions.RegionMove> regionMoves, bool json)
    {
        var q = result.Qoe;
        if (json)
        {
            Json.Write(new
            {
                sessionId = manifest.SessionId,
                titleId = manifest.TitleId,
                startPosition = result.StartPosition.TotalSeconds,
                endPosition = result.EndPosition.TotalSeconds,
                finished = result.Finished,
                segments = result.Segments,
                startupSeconds = q.StartupSeconds,
                rebuffers = q.Rebuffers,
                rebufferSeconds = q.RebufferSeconds,
                rebufferRatio = q.RebufferRatio,
                playedSeconds = q.PlayedSeconds,
                meanBitrateKbps = q.MeanBitrateKbps,
                switches = q.Switches,
                bytesPerEdge = q.BytesPerEdge,
                edgeSwitches = result.EdgeSwitches,
                regionMoves = regionMoves.Select(m => new { from = m.From, to = m.To, reason = m.Reason, detectedAt = m.DetectedAt, movedAt = m.MovedAt }),
            });
            return;
        }
        var table = new Table().Title($"QoE: {Markup.Escape(manifest.TitleId)}").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("played", $"{result.StartPosition:hh\\:mm\\:ss} to {result.EndPosition:hh\\:mm\\:ss} ({q.PlayedSeconds:0.0} s, {result.Segments} segments)");
        table.AddRow("startup", $"{q.StartupSeconds:0.00} s");
        table.AddRow("rebuffers", $"{q.Rebuffers} ({q.RebufferSeconds:0.0} s, {q.RebufferRatio:P1})");
        table.AddRow("mean bitrate", $"{q.MeanBitrateKbps:0} kb/s");
        table.AddRow("bitrate switches", $"{q.Switches}");
        foreach (var (edge, bytes) in q.BytesPerEdge.OrderByDescending(e => e.Value)) table.AddRow($"bytes from {Markup.Escape(edge)}", $"{bytes:N0}");
        foreach (var s in result.EdgeSwitches)
            table.AddRow("edge switch", Markup.Escape($"at {s.Position:hh\\:mm\\:ss} {s.From} -> {s.To}: {s.Reason}"));
        foreach (var m in regionMoves.Where(m => m.From is not null))
            table.AddRow("region move", Markup.Escape($"at {m.MovedAt:HH:mm:ss.ff} {m.From} -> {m.To}: {m.Reason}"));
        AnsiConsole.Write(table);
    }
}
