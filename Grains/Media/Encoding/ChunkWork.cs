using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>One chunk x rendition of a job: what a chunk grain encodes.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ChunkWork")]
public sealed record ChunkWork(
    [property: Id(0)] string JobId,
    [property: Id(1)] string SourcePath,
    [property: Id(2)] Chunk Chunk,
    [property: Id(3)] Rendition Rendition,
    [property: Id(4)] double FrameRate,
    [property: Id(5)] string OutputPath,
    [property: Id(6)] SharedFrames? Frames = null)
{
    public string Key => ChunkKey(JobId, Chunk.Index, Rendition.Name);

    public static string ChunkKey(string jobId, int chunk, string rendition) => $"{jobId}/{chunk:D4}/{rendition}";
}

/// <summary>
/// Where the chunk's decoded frames are kept for all its renditions (one decode of the source instead
/// of one per rendition), how many renditions read them and about how many bytes they take.
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.SharedFrames")]
public sealed record SharedFrames(
    [property: Id(0)] string Path,
    [property: Id(1)] int Renditions,
    [property: Id(2)] long EstimatedBytes);

[GenerateSerializer, Immutable, Alias("netflix.ChunkOutcome")]
public sealed record ChunkOutcome(
    [property: Id(0)] string Key,
    [property: Id(1)] string? Path,
    [property: Id(2)] long Bytes,
    [property: Id(3)] int Frames,
    [property: Id(4)] double PsnrDb,
    [property: Id(5)] string? Error,
    [property: Id(6)] string? Silo = null)
{
    /// <summary>The error of an encode stopped because its job ended: no verdict on the chunk.</summary>
    public const string CancelledError = "cancelled: its job ended";

    public bool Succeeded => Error is null;

    public bool Cancelled => Error == CancelledError;
}
