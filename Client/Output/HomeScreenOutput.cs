using Orleans.Netflix.Personalization;
using Spectre.Console;

namespace Orleans.Netflix.Client.Output;

/// <summary>How a member's home screen looks in the terminal: one table per row, with the artwork chosen for them.</summary>
public static class HomeScreenOutput
{
    public static void Write(BrowseScreen screen)
    {
        AnsiConsole.MarkupLine($"[bold]Home screen of {Markup.Escape(screen.MemberId)}[/] in {Markup.Escape(screen.Region)}: " +
                               $"{screen.TitleCount} titles in {screen.Rows.Length} rows (model version {screen.ModelVersion})");
        foreach (var row in screen.Rows)
        {
            var table = new Table().Title($"[bold]{Markup.Escape(row.Title)}[/]").Border(TableBorder.Simple)
                .AddColumns("#", "Id", "Name", "Artwork", row.Kind == BrowseRowKind.ContinueWatching ? "Resume at" : "Score");
            var rank = 1;
            foreach (var item in row.Items)
            {
                var last = row.Kind == BrowseRowKind.ContinueWatching && item.ResumeAt is { } at ? at.ToString(@"hh\:mm\:ss") : item.Score.ToString("0.###");
                table.AddRow((rank++).ToString(), Markup.Escape(item.TitleId), Markup.Escape(item.Name),
                    item.ArtworkId.Length == 0 ? "-" : Markup.Escape(item.ArtworkId), last);
            }
            AnsiConsole.Write(table);
        }
    }
}
