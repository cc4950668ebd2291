using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Orleans.Netflix.Client.Output;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Client.Commands;

[Description("Ingest a studio source for a title: validate, encode in chunks across the silos, package as HLS, publish")]
public sealed class IngestCommand : ConnectedCommand<IngestCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandArgument(0, "<SOURCE>"), Description("the studio source (a path every silo can read)")]
        public string Source { get; init; } = "";

        [CommandOption("-t|--title <TITLE_ID>"), Description("the catalog title this source is")]
        public string? TitleId { get; init; }

        [CommandOption("--audio <LANG=FILE>"), Description("an audio language from its own file; repeat per language (default: the source's audio)")]
        public string[] Audio { get; init; } = [];

        [CommandOption("--subtitles <LANG=FILE>"), Description("SRT or WebVTT subtitles; repeat per language")]
        public string[] Subtitles { get; init; } = [];

        [CommandOption("--job <JOB_ID>"), Description("job id (default: derived from title and source, so the same command resumes the same job)")]
        public string? JobId { get; init; }

        [CommandOption("--no-wait"), Description("start the job and return")]
        public bool NoWait { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(TitleId) ? ValidationResult.Error("--title is required") : ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(settings.Source);
        var request = new IngestRequest(settings.TitleId!, source, ParseTracks(settings.Audio, "--audio"), ParseTracks(settings.Subtitles, "--subtitles"));
        var jobId = settings.JobId ?? DefaultJobId(request);
        GrainKeys.Validate(jobId, "job");
        var job = client.GetGrain<IIngestJobGrain>(jobId);
        var status = await job.Start(request);
        if (settings.NoWait)
        {
            if (settings.Json) IngestOutput.Json(status);
            else AnsiConsole.MarkupLine($"started ingest job [bold]{Markup.Escape(jobId)}[/] ({status.Stage}); follow it with `Client ingest status {Markup.Escape(jobId)}`");
            return ExitCodes.Ok;
        }

        status = settings.Json
            ? await IngestOutput.WaitAsync(job, status, _ => { }, cancellationToken)
            : await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var bar = ctx.AddTask($"{jobId}: {status.Stage}", maxValue: 1);
                    var final = await IngestOutput.WaitAsync(job, status, s =>
                    {
                        bar.Description = $"{Markup.Escape(jobId)}: {s.Stage} ({s.ChunksDone}/{s.ChunksTotal} chunks, source check {s.SourceCheck})";
                        bar.MaxValue = Math.Max(1, s.ChunksTotal);
                        bar.Value = s.ChunksDone;
                    }, cancellationToken);
                    bar.Value = bar.MaxValue;
                    return final;
                });
        return IngestOutput.Report(status, settings.Json, await IngestOutput.PlacementAsync(client, status));
    }

    private static TrackInput[] ParseTracks(string[] values, string option) => values.Select(value =>
    {
        var parts = value.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0) throw new ArgumentException($"{option} takes LANG=FILE, not '{value}'");
        return new TrackInput(parts[0], Path.GetFullPath(parts[1]));
    }).ToArray();

    /// <summary>The same title, file and inputs give the same job, so running the command again resumes it.</summary>
    private static string DefaultJobId(IngestRequest request)
    {
        var file = new FileInfo(request.SourcePath);
        var identity = string.Join('|', request.TitleId, request.SourcePath, file.Exists ? file.Length : 0, file.Exists ? file.LastWriteTimeUtc.Ticks : 0,
            string.Join(',', request.Audio.Select(a => $"{a.Language}={a.Path}")), string.Join(',', request.Subtitles.Select(s => $"{s.Language}={s.Path}")));
        return $"ingest-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16]}";
    }
}

[Description("Show an ingest job's stage, progress and outcome")]
public sealed class IngestStatusCommand : ConnectedCommand<IngestStatusCommand.Settings>
{
    public sealed class Settings : ConnectedSettings
    {
        [CommandArgument(0, "<JOB_ID>")]
        public string JobId { get; init; } = "";
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, CancellationToken cancellationToken)
    {
        GrainKeys.Validate(settings.JobId, "job");
        var status = await client.GetGrain<IIngestJobGrain>(settings.JobId).Status() ?? throw new NotFoundException("ingest job", settings.JobId);
        var regions = await IngestOutput.PlacementAsync(client, status);
        return status.Finished ? IngestOutput.Report(status, settings.Json, regions) : IngestOutput.Show(status, settings.Json, regions);
    }
}
