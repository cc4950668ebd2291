using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Spectre.Console;

namespace Orleans.Netflix.Client.Output;

/// <summary>How members, titles and catalog pages look in the terminal.</summary>
public static class Tables
{
    public static void Member(MemberView m)
    {
        var profile = new Grid().AddColumn().AddColumn();
        profile.AddRow("[bold]Member[/]", Markup.Escape(m.MemberId));
        profile.AddRow("Name", Markup.Escape(m.Profile.Name));
        profile.AddRow("Email", m.Email is null ? "-" : Markup.Escape(m.Email));
        profile.AddRow("Country / language", $"{Markup.Escape(m.Profile.Country)} / {Markup.Escape(m.Profile.Language)}");
        profile.AddRow("Maturity limit", m.Profile.MaturityLimit.Label());
        profile.AddRow("Plan", $"{m.Plan} (up to {m.Caps.MaxVideoHeight}p, {m.Caps.ConcurrentStreams} stream{(m.Caps.ConcurrentStreams == 1 ? "" : "s")})");
        profile.AddRow("Devices", m.Devices.Length == 0 ? "-" : Markup.Escape(string.Join(", ", m.Devices.Select(d => $"{d.Name} ({d.Kind})"))));
        profile.AddRow("Viewing history", $"{m.History.Length} entr{(m.History.Length == 1 ? "y" : "ies")}");
        profile.AddRow("Thumbs", $"{m.Ratings.Count(r => r.Thumb == Thumb.Up)} up, {m.Ratings.Count(r => r.Thumb == Thumb.Down)} down");
        AnsiConsole.Write(new Panel(profile).Header("member").Border(BoxBorder.Rounded));

        if (m.ResumePoints.Length > 0)
        {
            var resume = new Table().Title("Continue watching").AddColumns("Title", "Position", "Updated");
            foreach (var r in m.ResumePoints.Take(10)) resume.AddRow(Markup.Escape(r.TitleId), r.Position.ToString(@"hh\:mm\:ss"), r.UpdatedAt.ToString("u"));
            AnsiConsole.Write(resume);
        }
    }

    public static void Title(TitleView t)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Title[/]", $"{Markup.Escape(t.Metadata.Name)} ({t.Metadata.Year})");
        grid.AddRow("Id", Markup.Escape(t.TitleId));
        grid.AddRow("Genres", Markup.Escape(string.Join(", ", t.Metadata.Genres)));
        grid.AddRow("Maturity", t.Metadata.Maturity.Label());
        grid.AddRow("Runtime", $"{(int)t.Metadata.Runtime.TotalMinutes} min");
        grid.AddRow("Cast", Markup.Escape(string.Join(", ", t.Metadata.Cast)));
        grid.AddRow("Availability", t.Availability.ToString());
        grid.AddRow("Popularity", t.Popularity.ToString("0.0"));
        grid.AddRow("Synopsis", Markup.Escape(t.Metadata.Synopsis));
        AnsiConsole.Write(new Panel(grid).Header("title").Border(BoxBorder.Rounded));

        var art = new Table().Title("Artwork").AddColumns("Variant", "Tags", "Uri");
        foreach (var a in t.Artwork) art.AddRow(Markup.Escape(a.ArtworkId), Markup.Escape(string.Join(", ", a.Tags)), Markup.Escape(a.Uri));
        AnsiConsole.Write(art);
    }

    /// <summary>The title's trick-play thumbnails: interval, tile size, sheets and the VTT's path in origin storage ("none" before an ingest made them).</summary>
    public static void TrickPlay(TitleAssets? assets)
    {
        var table = new Table().Title("Trick-play thumbnails").AddColumns("Interval", "Tiles", "Tile size", "Sheets", "VTT");
        if (assets?.TrickPlay is { } t)
        {
            table.AddRow($"{t.IntervalSeconds:0.###} s", t.Count.ToString(), $"{t.TileWidth}x{t.TileHeight}",
                $"{t.Sheets} of {t.Columns}x{t.Rows}", Markup.Escape(assets.Folder() + t.Vtt));
        }
        else
        {
            table.AddRow("-", "-", "-", "-", assets is null ? "none (no media published)" : "none (published before ingest made them)");
        }
        AnsiConsole.Write(table);
    }

    public static void Titles(string caption, IReadOnlyList<TitleSummary> titles, int firstRank)
    {
        var table = new Table().Title(Markup.Escape(caption)).AddColumns("#", "Id", "Name", "Year", "Genres", "Rating", "Runtime");
        var rank = firstRank;
        foreach (var t in titles)
        {
            table.AddRow((rank++).ToString(), Markup.Escape(t.TitleId), Markup.Escape(t.Name), t.Year.ToString(),
                Markup.Escape(string.Join(", ", t.Genres)), t.Maturity.Label(), $"{(int)t.Runtime.TotalMinutes} min");
        }
        AnsiConsole.Write(table);
    }
}
