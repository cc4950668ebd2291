using Orleans.Netflix.Client.Commands;
using Orleans.Netflix.Media;
using Spectre.Console;

namespace Orleans.Netflix.Client.Output;

/// <summary>Following an ingest job and printing where it ended.</summary>
public static class IngestOutput
{
    public static async Task<IngestStatus> WaitAsync(IIngestJobGrain job, IngestStatus status, Action<IngestStatus> onProgress, CancellationToken cancellationToken)
    {
        while (!status.Finished)
        {
            onProgress(status);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            status = await job.Status() ?? status;
        }
        onProgress(status);
        return status;
    }

    /// <summary>Prints a finished job; the exit code says how it ended (0 ready, 5 rejected, 1 failed).</summary>
    public static int Report(IngestStatus status, bool json, IReadOnlyList<RegionMedia>? regions = null)
    {
        Show(status, json, regions);
        return status.Stage switch
        {
            IngestStage.Ready => ExitCodes.Ok,
            IngestStage.Rejected => ExitCodes.Rejected,
            _ => ExitCodes.Failed,
        };
    }

    /// <summary>Prints a job; <paramref name="regions"/>, for a published job, says where its title plays and what is still copying.</summary>
    public static int Show(IngestStatus status, bool json, IReadOnlyList<RegionMedia>? regions = null)
    {
        if (json)
        {
            if (regions is null) Json(status);
            else PlacementOutput.Json(status, regions);
            return ExitCodes.Ok;
        }
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Job[/]", Markup.Escape(status.JobId));
        grid.AddRow("Title", Markup.Escape(status.TitleId));
        grid.AddRow("Stage", status.Stage switch
        {
            IngestStage.Ready => "[green]Ready[/]",
            IngestStage.Rejected => "[red]Rejected[/]",
            IngestStage.Failed => "[red]Failed[/]",
            var s => s.ToString(),
        });
        grid.AddRow("Chunks", $"{status.ChunksDone}/{status.ChunksTotal}");
        grid.AddRow("Source check", status.SourceCheck);
        if (status.EncodedOn.Length > 0)
            grid.AddRow("Encoded on", Markup.Escape(string.Join(", ", status.EncodedOn.Select(s => $"{s.Silo} ({s.Chunks})"))));
        grid.AddRow("Elapsed", $"{status.ElapsedSeconds:0.0} s");
        if (status.MasterPlaylist is not null) grid.AddRow("Master playlist", Markup.Escape(status.MasterPlaylist));
        if (status.Error is not null) grid.AddRow("Error", Markup.Escape(status.Error));
        if (status.LogFile is not null && status.Stage is IngestStage.Failed or IngestStage.Rejected) grid.AddRow("Log", Markup.Escape(status.LogFile));
        AnsiConsole.Write(new Panel(grid).Header("ingest").Border(BoxBorder.Rounded));
        if (status.Rejections.Length > 0)
        {
            var table = new Table().Title("Why the source was rejected").AddColumns("Problem", "Detail");
            foreach (var r in status.Rejections) table.AddRow(r.Problem.ToString(), Markup.Escape(r.Detail));
            AnsiConsole.Write(table);
        }
        if (regions is not null) PlacementOutput.Table(regions);
        return ExitCodes.Ok;
    }

    public static void Json(IngestStatus status) => Output.Json.Write(status);

    /// <summary>Where the job's title plays, once the job published it (null before, or when a later job replaced it).</summary>
    public static async Task<RegionMedia[]?> PlacementAsync(IClusterClient client, IngestStatus status)
    {
        if (status.Stage != IngestStage.Ready) return null;
        var assets = client.GetGrain<ITitleAssetsGrain>(status.TitleId);
        return (await assets.Get())?.JobId == status.JobId ? await assets.Placement() : null;
    }
}
