using FFMpegCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Grains.Telemetry;
using Orleans.Netflix.Media;
using Orleans.Netflix.Media.Hls;
using Orleans.Runtime.Placement;
using Orleans.Runtime;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// The ingest state machine. Each stage's long work (ffprobe, ffmpeg, file copies) runs on the thread
/// pool, awaited from a task of this activation that is not a call, so status queries and chunk reports
/// keep being answered. State is written at every step; a reminder re-activates the job after a
/// restart and <see cref="AdvanceAsync"/> carries on from the stored stage.
/// </summary>
[GrainType("ingest-job")]
public sealed partial class IngestJobGrain(
    [PersistentState(StorageNames.IngestJobState, StorageNames.Store)] IPersistentState<IngestJobState> state,
    SourceValidator validator,
    HlsPackager packager,
    FfmpegSlots slots,
    SharedChunkFrames sharedFrames,
    ILocalSiloDetails localSilo,
    IHostApplicationLifetime lifetime,
    IOptions<SourceValidationOptions> validation,
    IOptions<EncodingOptions> encoding,
    IOptions<IngestOptions> ingest,
    IOptions<TrickPlayOptions> trickPlay,
    TimeProvider clock,
    IClusterMembershipService membership,
    SiloMetrics metrics,
    ILogger<IngestJobGrain> logger) : Grain, IIngestJobGrain, IRemindable
{
    private const string ResumeReminder = "ingest-resume";
    private static readonly IReadOnlyList<int> AudioKbps = AudioPairing.Kbps;
    private Task? _advancing;
    private Task? _checkingContent;
    // A chunk that failed before the source's content was known good, unless a redispatch has since encoded it.
    private (string Key, string Error)? _chunkFailure;
    private IGrainTimer? _redispatch;
    // When the job entered its stage in this activation; unknown after a restart, when the interrupted stage goes unmeasured.
    private DateTimeOffset? _stageSince;

    private string JobId { get; set; } = ""; // read in OnActivateAsync: the stage work runs off the activation's threads
    private IngestJobState S => state.State;
    private string WorkFolder => Path.Combine(ingest.Value.WorkRoot, SafeNames.Folder(JobId));

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
        CheckInputs(request);
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
        if (S.Stage is IngestStage.Rejected or IngestStage.Failed)
        {
            await RemoveLeftoversAsync(); // an encode that ended after its job: whatever it wrote goes too
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
                        var plans = S.Renditions.Select(r => new AssemblyPlan(r.Name,
                            S.Chunks.Select(c => S.Done[ChunkWork.ChunkKey(JobId, c.Index, r.Name)].Path!).ToArray(), AssembledPath(r))).ToArray();
                        var expectedFrames = (int)Math.Round(S.Source!.Duration.TotalSeconds * S.Source.FrameRate);
                        var tolerance = S.Chunks.Count;
                        await Task.Run(() => AssembleAsync(plans, expectedFrames, tolerance, CancellationToken.None));
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
    /// The quick checks (ffprobe), the integrity scan (the whole file read once, no picture decoded: cut short,
    /// unreadable in places, audio against picture), then the plan: all before any encode. A source that fails
    /// only for missing audio or subtitles gets the content checks too, so its rejection lists every problem;
    /// one that passes goes to encoding, and its content checks run beside the first chunk encodes
    /// (<see cref="CheckContentAsync"/>): nothing is published before they pass.
    /// </summary>
    private async Task ValidateAndPlanAsync()
    {
        var request = S.Request!;
        var rules = ValidationRules();
        var report = await Task.Run(() => validator.ProbeAsync(request.SourcePath, rules, CancellationToken.None));
        var rejections = report.Rejections.ToList();
        var readableAudio = new List<TrackInput>();
        foreach (var audio in request.Audio)
        {
            var probe = await Task.Run(() => TryProbe(audio.Path));
            if (probe?.PrimaryAudioStream is null) rejections.Add(new(SourceProblem.NoAudio, $"audio for '{audio.Language}' ({Path.GetFileName(audio.Path)}) holds no readable audio"));
            else readableAudio.Add(audio);
        }
        foreach (var subtitles in request.Subtitles)
        {
            var probe = await Task.Run(() => TryProbe(subtitles.Path));
            if (probe is null || probe.SubtitleStreams.Count == 0)
                rejections.Add(new(SourceProblem.BadSubtitles, $"subtitles for '{subtitles.Language}' ({Path.GetFileName(subtitles.Path)}) are not SRT or WebVTT"));
        }
        if (report.Info is { } probed && rejections.All(r => r.Problem is SourceProblem.NoAudio or SourceProblem.BadSubtitles))
        {
            var damaged = await Task.Run(() => validator.CheckIntegrityAsync(request.SourcePath, probed, readableAudio, rules, CancellationToken.None));
            rejections.AddRange(damaged);
            if (damaged.Length == 0 && rejections.Count > 0)
                rejections.AddRange(await Task.Run(() => validator.CheckContentAsync(request.SourcePath, probed, rules, threads: 0, CancellationToken.None)));
        }
        if (rejections.Count > 0)
        {
            await RejectAsync(rejections);
            return;
        }

        var info = report.Info!;
        S.Source = info;
        S.Renditions = [.. Ladder.For(info.Width, info.Height)];
        S.Chunks = [.. ChunkPlan.Split(info.Duration, encoding.Value.Segment, encoding.Value.SegmentsPerChunk)];
        S.Done.Clear();
        S.ContentChecked = false;
        await MoveToAsync(IngestStage.Encoding);
    }

    private static async Task<IMediaAnalysis?> TryProbe(string path)
    {
        try
        {
            return await FFProbe.AnalyseAsync(path);
        }
        catch (Exception)
        {
            return null;
        }
    }

    private async Task DispatchPendingAsync()
    {
        _redispatch ??= this.RegisterGrainTimer(_ => DispatchPendingAsync(), ingest.Value.RedispatchEvery, ingest.Value.RedispatchEvery);
        var pending = PendingKeys();
        var silos = ActiveSilos();
        var calls = new List<Task>();
        try
        {
            // Chunks round-robin over the live silos, all renditions of a chunk on the same one, so they
            // can share its decoded frames. A chunk grain that is not active yet starts where its hint
            // says (the hint is read at send time); one already active stays where it is.
            foreach (var work in Work().Where(w => pending.Contains(w.Key)))
            {
                if (silos.Length > 0) RequestContext.Set(IPlacementDirector.PlacementHintKey, silos[work.Chunk.Index % silos.Length]);
                calls.Add(GrainFactory.GetGrain<IChunkEncodeGrain>(work.Key).Encode(work));
            }
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
        await Task.WhenAll(calls);
    }

    private void StopRedispatch()
    {
        _redispatch?.Dispose();
        _redispatch = null;
    }

    /// <summary>Every chunk x rendition, chunk by chunk, so a chunk's renditions are encoded close together.</summary>
    private IEnumerable<ChunkWork> Work() =>
        from chunk in S.Chunks
        let frames = SharedFramesOf(chunk)
        from rendition in S.Renditions
        select new ChunkWork(JobId, S.Request!.SourcePath, chunk, rendition, S.Source!.FrameRate,
            Path.Combine(WorkFolder, rendition.Name, $"chunk-{chunk.Index:D4}.ts"), frames);

    /// <summary>
    /// Where the chunk's decoded frames go, if sharing is on and there is more than one rendition to
    /// share them; their size estimated at 8-bit 4:2:0 (the decoder corrects it from the file).
    /// </summary>
    private SharedFrames? SharedFramesOf(Chunk chunk)
    {
        if (encoding.Value.SharedFramesBytes <= 0 || S.Renditions.Count < 2) return null;
        var frames = (long)Math.Ceiling(chunk.Duration.TotalSeconds * S.Source!.FrameRate);
        return new SharedFrames(Path.Combine(WorkFolder, "frames", $"chunk-{chunk.Index:D4}.nut"), S.Renditions.Count,
            (long)S.Source.Width * S.Source.Height * 3 / 2 * frames);
    }

    /// <summary>The keys of the chunk encodes not yet done, from the plan alone: every chunk report asks, so no work items are built.</summary>
    private HashSet<string> PendingKeys() =>
        (from chunk in S.Chunks
         from rendition in S.Renditions
         let key = ChunkWork.ChunkKey(JobId, chunk.Index, rendition.Name)
         where !S.Done.ContainsKey(key)
         select key).ToHashSet(StringComparer.Ordinal);

    private string AssembledPath(Rendition rendition) => Path.Combine(WorkFolder, $"{rendition.Name}.ts");

    /// <summary>What assembling one rendition takes: its chunk files in order and where the joined file goes.</summary>
    private sealed record AssemblyPlan(string Rendition, string[] Chunks, string Target);

    /// <summary>
    /// Joins each rendition's chunks (MPEG-TS on one timeline) and checks the whole against the source, the
    /// renditions side by side (each is a file copy and one short ffprobe).
    /// Static and fed plain data: it runs on the thread pool, where grain state must not be touched.
    /// </summary>
    private static Task AssembleAsync(AssemblyPlan[] plans, int expectedFrames, int tolerance, CancellationToken cancellationToken) =>
        Task.WhenAll(plans.Select(async plan =>
        {
            await using (var output = File.Create(plan.Target))
            {
                foreach (var chunk in plan.Chunks)
                {
                    await using var input = File.OpenRead(chunk);
                    await input.CopyToAsync(output, cancellationToken);
                }
            }
            var frames = await MediaProbe.VideoFrameCountAsync(plan.Target, cancellationToken);
            if (Math.Abs(frames - expectedFrames) > tolerance)
                throw new InvalidDataException($"assembled {plan.Rendition} has {frames} frames, the source {expectedFrames}");
        }));

    private async Task PackageAndPublishAsync()
    {
        var request = S.Request!;
        var source = S.Source!;
        var originRoot = ingest.Value.OriginRoot;
        var staging = OriginPublisher.StagingFolder(originRoot, request.TitleId, JobId);
        var renditions = S.Renditions.Select(r => (Rendition: r, Assembled: AssembledPath(r))).ToArray();
        var (jobId, workFolder) = (JobId, WorkFolder);
        await MoveToAsync(IngestStage.Packaging);
        var (video, audio, subtitles, pictures) = await Task.Run(async () =>
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            var options = encoding.Value;
            // Pictures from the video (thumbnails...), made beside the tracks: IngestJobGrain.Pictures.cs.
            var madePictures = MakePicturesAsync(staging, request.SourcePath, source, renditions);
            // Every track is its own ffmpeg process; they run side by side within this silo's slots.
            var videoTracks = renditions.Select(r => slots.RunAsync(ct => packager.PackageVideoAsync(r.Assembled, r.Rendition, source.FrameRate,
                Path.Combine(staging, $"video-{r.Rendition.Name}"), options, ct, source.Duration), CancellationToken.None)).ToArray();

            var audioInputs = request.Audio.Length > 0 ? request.Audio : [new TrackInput("und", request.SourcePath)];
            var audioTracks = audioInputs.SelectMany((input, i) => AudioKbps.Select(kbps => slots.RunAsync(ct => packager.PackageAudioAsync(
                input.Path, input.Language, kbps, i == 0, Path.Combine(staging, $"audio-{SafeNames.Folder(input.Language)}-{kbps}k"), options, ct),
                CancellationToken.None))).ToArray();
            var subtitleTracks = request.Subtitles.Select(subtitle => slots.RunAsync(ct => packager.PackageSubtitlesAsync(subtitle.Path, subtitle.Language,
                false, source.Duration, Path.Combine(staging, $"subs-{SafeNames.Folder(subtitle.Language)}"), options, ct), CancellationToken.None)).ToArray();
            var tracks = (Video: await Task.WhenAll(videoTracks), Audio: await Task.WhenAll(audioTracks), Subtitles: await Task.WhenAll(subtitleTracks),
                Pictures: await madePictures);

            await File.WriteAllTextAsync(Path.Combine(staging, "master.m3u8"), HlsWriter.WriteMaster(tracks.Video, tracks.Audio, tracks.Subtitles));
            return tracks;
        });

        await MoveToAsync(IngestStage.Publishing);
        var (folder, files) = await Task.Run(() => OriginPublisher.PublishAsync(originRoot, request.TitleId, jobId, staging, CancellationToken.None));
        var master = Path.GetRelativePath(originRoot, Path.Combine(folder, "master.m3u8")).Replace('\\', '/');
        await GrainFactory.GetGrain<ITitleAssetsGrain>(request.TitleId).Publish(new TitleAssets(
            request.TitleId, JobId, master, [.. video], [.. audio], [.. subtitles], files, clock.GetUtcNow(), pictures.TrickPlay, pictures.Stills));
        if (pictures.Stills.Length > 0)
        {
            // The title's artwork becomes the stills cut from it, each found by its path in the published folder.
            var published = TitleAssetPaths.FolderOf(master);
            await GrainFactory.GetGrain<ITitleGrain>(request.TitleId).SetArtwork(
                [.. pictures.Stills.Select(s => new ArtworkVariant(s.StillId, published + s.Poster, s.Tags))]);
        }
        await GrainFactory.GetGrain<ITitleGrain>(request.TitleId).SetAvailability(TitleAvailability.Playable);
        S.MasterPlaylist = master;
        await MoveToAsync(IngestStage.Ready);
        await Task.Run(() =>
        {
            if (Directory.Exists(workFolder)) Directory.Delete(workFolder, recursive: true);
        });
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
        S.ContentChecked, File.Exists(IngestLog.PathOf(LogRoot, JobId)) ? IngestLog.PathOf(LogRoot, JobId) : null);

    private static void CheckInputs(IngestRequest request)
    {
        foreach (var path in new[] { request.SourcePath }.Concat(request.Audio.Select(a => a.Path)).Concat(request.Subtitles.Select(s => s.Path)))
        {
            if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path)) throw new ArgumentException($"'{path}' is not an absolute path");
            // ffmpeg gets some paths inside a quoted command line (FFMpegCore), where a double quote ends the path.
            if (MediaPaths.Unusable(path) is { } why) throw new ArgumentException($"{path}: {why}; rename it");
        }
        foreach (var track in request.Audio.Concat(request.Subtitles))
        {
            if (string.IsNullOrWhiteSpace(track.Language) || track.Language.Length > 35 || !track.Language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                throw new ArgumentException($"'{track.Language}' is not a language tag such as en or pt-BR");
        }
        if (request.Audio.Select(a => a.Language).Distinct(StringComparer.OrdinalIgnoreCase).Count() != request.Audio.Length)
            throw new ArgumentException("an audio language is given twice");
    }

    private static bool SameRequest(IngestRequest a, IngestRequest b) =>
        a.TitleId == b.TitleId && a.SourcePath == b.SourcePath && a.Audio.SequenceEqual(b.Audio) && a.Subtitles.SequenceEqual(b.Subtitles);
}
