using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Joins each rendition's encoded chunks (MPEG-TS on one timeline) into one file and checks the whole against the
/// source, the renditions side by side (each is a file copy and one short ffprobe).
/// </summary>
public static class RenditionAssembly
{
    /// <summary>What assembling one rendition takes: its chunk files in order and where the joined file goes.</summary>
    public sealed record RenditionFiles(string Name, string[] Chunks, string Target);

    /// <summary>Every rendition of a job, and the frames each must hold: the source's, give or take one per chunk.</summary>
    public sealed record Work(RenditionFiles[] Renditions, int ExpectedFrames, int Tolerance);

    /// <summary>Read on the job's turn, from its plan and its encoded chunks (every one done).</summary>
    public static Work Plan(string jobId, IngestJobState job, JobFolders folders) => new(
        [.. job.Renditions.Select(r => new RenditionFiles(r.Name,
            [.. job.Chunks.Select(c => job.Done[ChunkWork.ChunkKey(jobId, c.Index, r.Name)].Path!)], folders.AssembledFile(r)))],
        (int)Math.Round(job.Source!.Duration.TotalSeconds * job.Source.FrameRate),
        job.Chunks.Count);

    /// <summary>Fed plain data (<see cref="Plan"/>): it runs on the thread pool, where grain state must not be touched.</summary>
    public static Task AssembleAsync(Work work, CancellationToken cancellationToken) =>
        Task.WhenAll(work.Renditions.Select(async rendition =>
        {
            await using (var output = File.Create(rendition.Target))
            {
                foreach (var chunk in rendition.Chunks)
                {
                    await using var input = File.OpenRead(chunk);
                    await input.CopyToAsync(output, cancellationToken);
                }
            }
            var frames = await MediaProbe.VideoFrameCountAsync(rendition.Target, cancellationToken);
            if (Math.Abs(frames - work.ExpectedFrames) > work.Tolerance)
                throw new InvalidDataException($"assembled {rendition.Name} has {frames} frames, the source {work.ExpectedFrames}");
        }));
}
