using Microsoft.Extensions.Options;
using Orleans.Netflix.Media;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// A job's encode plan and its chunk encodes: which chunk x rendition encodes there are, which are still to be done,
/// where each runs (chunks round-robin over the live silos, all renditions of a chunk on the same one, so they can
/// share its decoded frames), and which of them the job's own decode of the source feeds. Called on the job's turn;
/// it reads the job's state and never writes it.
/// </summary>
public sealed class ChunkDispatch(IGrainFactory grains, IClusterMembershipService membership, ILocalSiloDetails localSilo,
    SharedChunkFrames sharedFrames, IOptions<EncodingOptions> encoding, IOptions<IngestOptions> ingest)
{
    /// <summary>How often a job waiting for chunks asks again for those not reported.</summary>
    public TimeSpan RedispatchEvery => ingest.Value.RedispatchEvery;

    /// <summary>When shared decoded frames that arrive after their renditions stopped have surely been dropped.</summary>
    public TimeSpan FramesGoneAfter => encoding.Value.SharedFramesLinger + TimeSpan.FromSeconds(5);

    /// <summary>The ladder capped at the source, and the source cut into chunks of whole segments.</summary>
    public (Rendition[] Renditions, Chunk[] Chunks) Plan(SourceInfo source) =>
        (Ladder.For(source.Width, source.Height), ChunkPlan.Split(source.Duration, encoding.Value.Segment, encoding.Value.SegmentsPerChunk));

    /// <summary>The keys of the chunk encodes not yet done, from the plan alone: every chunk report asks, so no work items are built.</summary>
    public static HashSet<string> PendingKeys(string jobId, IngestJobState job) =>
        (from chunk in job.Chunks
         from rendition in job.Renditions
         let key = ChunkWork.ChunkKey(jobId, chunk.Index, rendition.Name)
         where !job.Done.ContainsKey(key)
         select key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Asks for every encode not yet done; a chunk grain already at work, or done, only reports again.</summary>
    public async Task DispatchPendingAsync(string jobId, IngestJobState job, JobFolders folders)
    {
        var pending = PendingKeys(jobId, job);
        var silos = ActiveSilos();
        var calls = new List<Task>();
        try
        {
            // A chunk grain that is not active yet starts where its hint says (the hint is read at send time);
            // one already active stays where it is.
            foreach (var work in Work(jobId, job, folders).Where(w => pending.Contains(w.Key)))
            {
                if (silos.Length > 0) RequestContext.Set(IPlacementDirector.PlacementHintKey, silos[work.Chunk.Index % silos.Length]);
                calls.Add(grains.GetGrain<IChunkEncodeGrain>(work.Key).Encode(work));
            }
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
        await Task.WhenAll(calls);
    }

    /// <summary>
    /// Stops the encodes still running or queued for a job that ended (each reports back). A message each, not awaited:
    /// none of them waits on the job.
    /// </summary>
    public void CancelPending(string jobId, IngestJobState job)
    {
        foreach (var key in PendingKeys(jobId, job)) grains.GetGrain<IChunkEncodeGrain>(key).Cancel().Ignore();
    }

    /// <summary>
    /// The content check's decode also writes the raw frames of the chunks this silo will encode (see
    /// <see cref="SequentialSourceDecode"/>). Announced on the job's turn, before the chunks are dispatched, so their
    /// renditions wait for these frames instead of decoding the chunks themselves. Null when frames are not shared.
    /// </summary>
    public FrameSplit? PlanSplit(string jobId, IngestJobState job, JobFolders folders)
    {
        var chunks = job.Chunks.Select(c => (Chunk: c, Frames: SharedFramesOf(job, folders, c))).ToArray();
        if (chunks.Length == 0 || chunks.Any(c => c.Frames is null)) return null;
        var here = localSilo.SiloAddress;
        var silos = ActiveSilos();
        var pending = PendingKeys(jobId, job);
        var folder = folders.NewSequentialFramesFolder();
        var frames = sharedFrames.Expect(
            [.. chunks.Select(c => (c.Frames!, Wanted: (silos.Length == 0 || silos[c.Chunk.Index % silos.Length].Equals(here))
                && job.Renditions.Any(r => pending.Contains(ChunkWork.ChunkKey(jobId, c.Chunk.Index, r.Name)))))],
            i => SequentialSourceDecode.ChunkFile(folder, i));
        return new FrameSplit([.. chunks.Select(c => c.Chunk)], frames);
    }

    /// <summary>Every chunk x rendition, chunk by chunk, so a chunk's renditions are encoded close together.</summary>
    private IEnumerable<ChunkWork> Work(string jobId, IngestJobState job, JobFolders folders) =>
        from chunk in job.Chunks
        let frames = SharedFramesOf(job, folders, chunk)
        from rendition in job.Renditions
        select new ChunkWork(jobId, job.Request!.SourcePath, chunk, rendition, job.Source!.FrameRate, folders.ChunkFile(rendition, chunk), frames);

    /// <summary>
    /// Where the chunk's decoded frames go, if sharing is on and there is more than one rendition to
    /// share them; their size estimated at 8-bit 4:2:0 (the decoder corrects it from the file).
    /// </summary>
    private SharedFrames? SharedFramesOf(IngestJobState job, JobFolders folders, Chunk chunk)
    {
        if (encoding.Value.SharedFramesBytes <= 0 || job.Renditions.Count < 2) return null;
        var frames = (long)Math.Ceiling(chunk.Duration.TotalSeconds * job.Source!.FrameRate);
        return new SharedFrames(folders.FramesFile(chunk), job.Renditions.Count, (long)job.Source.Width * job.Source.Height * 3 / 2 * frames);
    }

    private SiloAddress[] ActiveSilos() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToArray();
}
