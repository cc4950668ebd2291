using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>The regions mode's content part (<see cref="ContentSpread"/>): a console table with its legend, and its JSON.</summary>
public static class RegionsContentReport
{
    public static void WriteTable(ContentSpread c)
    {
        // Narrow enough for 80 columns, which Spectre assumes when output is redirected.
        var table = new Table().Title($"{c.TitleId} ingested in {RegionsContent.Home} only, copied by the other regions")
            .AddColumn("region").AddColumn("from").AddColumn(new TableColumn("files").RightAligned()).AddColumn(new TableColumn("MB").RightAligned())
            .AddColumn(new TableColumn("started").RightAligned()).AddColumn(new TableColumn("playable").RightAligned())
            .AddColumn(new TableColumn("MB/s").RightAligned()).AddColumn(new TableColumn("× dl").RightAligned());
        foreach (var copy in c.Copies)
        {
            table.AddRow(copy.Region, copy.CopiedFrom ?? "—", $"{copy.Files}", $"{copy.Bytes / 1e6:0.00}", $"{copy.StartedAfter.TotalSeconds:0.00} s",
                $"[bold]{copy.PlayableAfter.TotalSeconds:0.00} s[/]", $"{copy.MegabytesPerSecond:0.0}", $"{c.RatioOf(copy):0}×");
        }
        AnsiConsole.Write(table);
        // Plain lines through Console: AnsiConsole would wrap them at 80 columns when output is redirected.
        Console.WriteLine($"source {c.Width}x{c.Height}, {c.Seconds} s (generated in {c.Generation.TotalSeconds:0.0} s), ingested in {RegionsContent.Home} in " +
                          $"{c.Ingest.TotalSeconds:0.0} s: {c.Renditions} renditions, {c.Files} files, {c.Bytes / 1e6:0.00} MB. Times from the job's Ready in " +
                          $"{RegionsContent.Home}, as the regions' holdings recorded them: started = the region's copier began the copy, playable = its " +
                          "holdings said Complete (every file downloaded, size and SHA-256 checked, promoted); MB/s = bytes over Ready to playable; " +
                          $"× dl = Ready to playable over the baseline: the same files downloaded one after the other from {RegionsContent.Home}'s origin " +
                          $"with one HttpClient in {string.Join(", ", c.Downloads.Select(d => $"{d.TotalMilliseconds:0} ms"))}, median " +
                          $"{c.Download.TotalMilliseconds:0} ms ({c.Bytes / 1e6 / c.Download.TotalSeconds:0} MB/s); the copy alone (started to playable) took " +
                          string.Join(", ", c.Copies.Select(copy => $"{copy.Copying.TotalSeconds:0.00} s ({c.CopyingRatioOf(copy):0.0}×) in {copy.Region}")));
    }

    public static object Json(ContentSpread c) => new
    {
        titleId = c.TitleId,
        sourceWidth = c.Width,
        sourceHeight = c.Height,
        sourceSeconds = c.Seconds,
        generationSeconds = Math.Round(c.Generation.TotalSeconds, 3),
        ingestSeconds = Math.Round(c.Ingest.TotalSeconds, 3),
        renditions = c.Renditions,
        files = c.Files,
        bytes = c.Bytes,
        copies = c.Copies.Select(copy => new
        {
            region = copy.Region,
            copiedFrom = copy.CopiedFrom,
            files = copy.Files,
            bytes = copy.Bytes,
            startedAfterReadySeconds = Math.Round(copy.StartedAfter.TotalSeconds, 3),
            playableAfterReadySeconds = Math.Round(copy.PlayableAfter.TotalSeconds, 3),
            copyingSeconds = Math.Round(copy.Copying.TotalSeconds, 3),
            megabytesPerSecond = Math.Round(copy.MegabytesPerSecond, 2),
            downloadRatio = Math.Round(c.RatioOf(copy), 2),
            copyingDownloadRatio = Math.Round(c.CopyingRatioOf(copy), 2),
        }),
        downloadSeconds = c.Downloads.Select(d => Math.Round(d.TotalSeconds, 4)),
        medianDownloadSeconds = Math.Round(c.Download.TotalSeconds, 4),
    };
}
