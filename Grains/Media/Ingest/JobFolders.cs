using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Where one job's files go: its work folder in the work root (chunks by rendition, shared decoded frames, assembled
/// renditions), its staging folder in origin storage (the package before it is published) and its title's folder there.
/// Every silo derives the same paths from the same roots, which is why every silo must see the same folders.
/// </summary>
public sealed record JobFolders(string Work, string Staging, string Title)
{
    public static JobFolders Of(IngestOptions options, string jobId, string titleId) => new(
        Path.Combine(options.WorkRoot, SafeNames.Folder(jobId)),
        OriginPublisher.StagingFolder(options.OriginRoot, titleId, jobId),
        OriginPublisher.TitleFolder(options.OriginRoot, titleId));

    /// <summary>Where a chunk grain writes one rendition of one chunk.</summary>
    public string ChunkFile(Rendition rendition, Chunk chunk) => Path.Combine(Work, rendition.Name, $"chunk-{chunk.Index:D4}.ts");

    /// <summary>Where a chunk's decoded frames are kept for its renditions.</summary>
    public string FramesFile(Chunk chunk) => Path.Combine(Work, "frames", $"chunk-{chunk.Index:D4}.nut");

    /// <summary>A fresh folder for the frames one sequential decode of the source writes (one per run: a rerun never reads a stopped one's files).</summary>
    public string NewSequentialFramesFolder() => Path.Combine(Work, "frames", $"sequential-{Guid.NewGuid():N}"[..23]);

    /// <summary>A rendition's chunks joined into one file.</summary>
    public string AssembledFile(Rendition rendition) => Path.Combine(Work, $"{rendition.Name}.ts");
}
