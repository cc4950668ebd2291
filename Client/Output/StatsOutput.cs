using Orleans.Netflix.Analytics;
using Spectre.Console;

namespace Orleans.Netflix.Client.Output;

/// <summary>What <c>stats title</c> prints: the title's counters, then one row per artwork variant.</summary>
public static class StatsOutput
{
    public static bool IsEmpty(TitleStats s) => s.Impressions + s.PlayStarts + s.PlayStops + s.QoeReports == 0;

    public static void Title(TitleStats s, string? name, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        console.MarkupLine(name is null ? $"[bold]{Markup.Escape(s.TitleId)}[/]" : $"[bold]{Markup.Escape(name)}[/] ({Markup.Escape(s.TitleId)})");
        var counters = new Table().HideHeaders().AddColumn("counter").AddColumn(new TableColumn("value").RightAligned());
        counters.AddRow("impressions", $"{s.Impressions:N0}");
        counters.AddRow("play starts", $"{s.PlayStarts:N0}");
        counters.AddRow("play stops", $"{s.PlayStops:N0}");
        counters.AddRow("QoE reports", $"{s.QoeReports:N0}");
        counters.AddRow("members", $"{s.Members:N0}");
        counters.AddRow("mean rebuffer ratio", s.QoeReports == 0 ? "-" : $"{s.MeanRebufferRatio:P2}");
        counters.AddRow("mean bitrate", s.QoeReports == 0 ? "-" : $"{s.MeanBitrateKbps:N0} kb/s");
        console.Write(counters);

        if (s.Artwork.Length == 0)
        {
            console.MarkupLine("no artwork impressions yet");
            return;
        }
        console.MarkupLine($"Artwork take rate: impressions followed by a play within {Window(s.TakeWindow)}");
        var artwork = new Table()
            .AddColumn("variant")
            .AddColumn(new TableColumn("impressions").RightAligned())
            .AddColumn(new TableColumn("plays after").RightAligned())
            .AddColumn(new TableColumn("take rate").RightAligned());
        foreach (var a in s.Artwork.OrderByDescending(a => a.TakeRate).ThenBy(a => a.ArtworkId, StringComparer.Ordinal))
            artwork.AddRow(Markup.Escape(a.ArtworkId), $"{a.Impressions:N0}", $"{a.PlaysAfter:N0}", $"{a.TakeRate:P1}");
        console.Write(artwork);
    }

    private static string Window(TimeSpan window) =>
        window.TotalMinutes >= 1 && window.Seconds == 0 ? $"{window.TotalMinutes:0} min" : $"{window.TotalSeconds:0} s";
}
