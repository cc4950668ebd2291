using Microsoft.Extensions.Logging;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Telemetry;
using Orleans.Netflix.Media;
using Orleans.Runtime;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// The ingest state machine; it orchestrates and owns the job's state, and hands each stage's work to its own type:
/// <see cref="SourceAdmission"/> (validation), <see cref="ChunkDispatch"/> (the plan and the chunk encodes),
/// <see cref="RenditionAssembly"/>, <see cref="TitlePackaging"/>, <see cref="TitlePublishing"/>, with
/// <see cref="IngestWorkspace"/> for its files. Each stage's long work (ffprobe, ffmpeg, file copies) runs on the thread
/// pool, awaited from a task of this activation that is not a call, so status queries and chunk reports keep being
/// answered. State is written at every step; a reminder re-activates the job after a restart and
/// <see cref="AdvanceAsync"/> carries on from the stored stage.
/// </summary>
[GrainType("ingest-job")]
public sealed partial class IngestJobGrain(
    [PersistentState(StorageNames.IngestJobState, StorageNames.Store)] IPersistentState<IngestJobState> state,
    SourceAdmission admission,
    ChunkDispatch dispatch,
    TitlePackaging packaging,
    TitlePublishing publishing,
    IngestWorkspace workspace,
    TimeProvider clock,
    SiloMetrics metrics,
    ILogger<IngestJobGrain> logger) : Grain, IIngestJobGrain, IIngestChunkReports, IRemindable
{
    private const string ResumeReminder = "ingest-resume";
    private Task? _advancing;
    // A chunk that failed before the source's content was known good, unless a redispatch has since encoded it.
    private (string Key, string Error)? _chunkFailure;
    private IGrainTimer? _redispatch;
    // When the job entered its stage in this activation; unknown after a restart, when the interrupted stage goes unmeasured.
    private DateTimeOffset? _stageSince;

    private string JobId { get; set; } = ""; // read in OnActivateAsync: the stage work runs off the activation's threads
    private IngestJobState S => state.State;
    private JobFolders Folders => workspace.FoldersOf(JobId, S.Request!.TitleId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        JobId = this.GetPrimaryKeyString();
        if (S.Request is not null && !IsFinished) EnsureAdvancing();
        return Task.CompletedTask;
    }

    public async Task<IngestStatus> Start(IngestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        GrainKeys.Validate(request.TitleId, "title");
        IngestRequestChecks.Check(request);
        if (S.Request is { } existing)
        {
            if (!SameRequest(existing, request)) throw new InvalidOperationException($"job '{JobId}' already exists for another request");
            if (S.Stage != IngestStage.Failed) return Snapshot(); // started before: nothing to do twice
        }
        if (await GrainFactory.GetGrain<ITitleGrain>(request.TitleId).Get() is null) throw new NotFoundException("title", request.TitleId);

        S.Request = request;
        S.Stage = IngestStage.Validating;
        S.Error = null;
        S.StartedAt = clock.GetUtcNow();
        _stageSince = S.StartedAt;
        await SaveAsync();
        await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        EnsureAdvancing();
        return Snapshot();
    }

    public Task<IngestStatus?> Status() => Task.FromResult(S.Request is null ? null : Snapshot());

    public async Task ChunkFinished(ChunkOutcome outcome)
    {
        if (_ending || S.Stage is IngestStage.Rejected or IngestStage.Failed)
        {
            await workspace.RemoveLeftoversAsync(JobId, Folders); // an encode that ended after its job: whatever it wrote goes too
            return;
        }
        if (S.Stage != IngestStage.Encoding || !PendingKeys().Contains(outcome.Key)) return; // late or repeated report
        if (outcome.Cancelled) return; // stopped when an earlier run of this job ended: the next redispatch asks again
        if (!outcome.Succeeded)
        {
            // A source with bad content fails its chunks too: it is reported as rejected, with its reasons.
            if (!S.ContentChecked) _chunkFailure ??= (outcome.Key, $"chunk {outcome.Key}: {outcome.Error}");
            else await FailAsync($"chunk {outcome.Key}: {outcome.Error}");
            return;
        }
        if (_chunkFailure?.Key == outcome.Key) _chunkFailure = null;
        S.Done[outcome.Key] = outcome;
        await SaveAsync();
        if (PendingKeys().Count == 0) EnsureAdvancing();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (IsFinished) await UnregisterResumeAsync();
        else EnsureAdvancing();
    }

    private bool IsFinished => S.Stage is IngestStage.Ready or IngestStage.Rejected or IngestStage.Failed;

    private void EnsureAdvancing()
    {
        if (_advancing is { IsCompleted: false }) return;
        _advancing = AdvanceAsync();
    }

    private async Task AdvanceAsync()
    {
        try
        {
            while (!IsFinished)
            {
                switch (S.Stage)
                {
                    case IngestStage.Validating:
                        await ValidateAndPlanAsync();
                        break;
                    case IngestStage.Encoding:
                        EnsureContentCheck();
                        if (PendingKeys().Count > 0)
                        {
                            await DispatchPendingAsync();
                            return; // chunk grains report back through ChunkFinished
                        }
                        if (!S.ContentChecked) return; // the content check advances the job when it passes
                        StopRedispatch();
                        await MoveToAsync(IngestStage.Assembling);
                        break;
                    case IngestStage.Assembling:
                        var assembly = RenditionAssembly.Plan(JobId, S, Folders);
                        await Task.Run(() => RenditionAssembly.AssembleAsync(assembly, CancellationToken.None));
                        await MoveToAsync(IngestStage.Packaging);
                        break;
                    case IngestStage.Packaging:
                    case IngestStage.Publishing:
                        await PackageAndPublishAsync();
                        break;
                }
            }
            await UnregisterResumeAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Ingest job {Job} failed in stage {Stage}", JobId, S.Stage);
            await FailAsync($"{S.Stage}: {OneLine(e)}", e is FfmpegFailure ffmpeg ? $"{ffmpeg.Log}\n{e}" : e.ToString());
        }
    }

    /// <summary>
    /// The checks before any encode (<see cref="SourceAdmission.CheckBeforeEncodingAsync"/>), then the plan. A source
    /// that passes goes to encoding, and its content checks run beside the first chunk encodes
    /// (<see cref="CheckContentAsync"/>): nothing is published before they pass.
    /// </summary>
    private async Task ValidateAndPlanAsync()
    {
        var request = S.Request!;
        var (source, rejections) = await Task.Run(() => admission.CheckBeforeEncodingAsync(request));
        if (rejections.Count > 0)
        {
            await RejectAsync(rejections);
            return;
        }

        S.Source = source;
        var (renditions, chunks) = dispatch.Plan(source!);
        S.Renditions = [.. renditions];
        S.Chunks = [.. chunks];
        S.Done.Clear();
        S.ContentChecked = false;
        await MoveToAsync(IngestStage.Encoding);
    }

    private async Task DispatchPendingAsync()
    {
        _redispatch ??= this.RegisterGrainTimer(_ => DispatchPendingAsync(), dispatch.RedispatchEvery, dispatch.RedispatchEvery);
        await dispatch.DispatchPendingAsync(JobId, S, Folders);
    }

    private void StopRedispatch()
    {
        _redispatch?.Dispose();
        _redispatch = null;
    }

    private HashSet<string> PendingKeys() => ChunkDispatch.PendingKeys(JobId, S);

    private async Task PackageAndPublishAsync()
    {
        var request = S.Request!;
        var source = S.Source!;
        var folders = Folders;
        var renditions = S.Renditions.Select(r => (Rendition: r, Assembled: folders.AssembledFile(r))).ToArray();
        var jobId = JobId;
        await MoveToAsync(IngestStage.Packaging);
        var package = await Task.Run(() => packaging.PackageAsync(jobId, request, source, renditions, folders.Staging));

        await MoveToAsync(IngestStage.Publishing);
        S.MasterPlaylist = await publishing.PublishAsync(request, jobId, folders.Staging, package);
        await MoveToAsync(IngestStage.Ready);
        await workspace.RemoveWorkAsync(folders);
    }

    private async Task MoveToAsync(IngestStage stage)
    {
        if (stage != S.Stage) CountStageEnd(stage);
        S.Stage = stage;
        await SaveAsync();
    }

    private void CountStageEnd(IngestStage next)
    {
        var now = clock.GetUtcNow();
        if (_stageSince is { } since) metrics.IngestStageEnded(S.Stage, now - since);
        _stageSince = now;
        if (next is IngestStage.Ready or IngestStage.Rejected or IngestStage.Failed) metrics.IngestJobEnded(next);
    }

    private async Task SaveAsync()
    {
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteOrRollBackAsync();
    }

    private async Task UnregisterResumeAsync()
    {
        var reminder = await this.GetReminder(ResumeReminder);
        if (reminder is not null) await this.UnregisterReminder(reminder);
    }

    private IngestStatus Snapshot() => new(
        JobId, S.Request!.TitleId, S.Stage, S.Done.Count, S.Renditions.Count * S.Chunks.Count, S.StartedAt, S.UpdatedAt,
        [.. S.Rejections], S.Error, S.MasterPlaylist,
        [.. S.Done.Values.GroupBy(d => d.Silo ?? "unknown").Select(g => new SiloShare(g.Key, g.Count())).OrderBy(s => s.Silo, StringComparer.Ordinal)],
        S.ContentChecked, workspace.LogFile(JobId));

    private static bool SameRequest(IngestRequest a, IngestRequest b) =>
        a.TitleId == b.TitleId && a.SourcePath == b.SourcePath && a.Audio.SequenceEqual(b.Audio) && a.Subtitles.SequenceEqual(b.Subtitles);
}
