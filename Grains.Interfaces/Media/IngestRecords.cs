namespace Orleans.Netflix.Media;

[GenerateSerializer, Immutable, Alias("netflix.TrackInput")]
public sealed record TrackInput([property: Id(0)] string Language, [property: Id(1)] string Path);

/// <summary>What to ingest: a studio source (absolute path the silos can read), extra audio languages and subtitles.</summary>
[GenerateSerializer, Immutable, Alias("netflix.IngestRequest")]
public sealed record IngestRequest(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string SourcePath,
    [property: Id(2)] TrackInput[] Audio,
    [property: Id(3)] TrackInput[] Subtitles);

public enum IngestStage
{
    Validating,
    Encoding,
    Assembling,
    Packaging,
    Publishing,
    Ready,
    Rejected,
    Failed,
}

[GenerateSerializer, Immutable, Alias("netflix.IngestStatus")]
public sealed record IngestStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] string TitleId,
    [property: Id(2)] IngestStage Stage,
    [property: Id(3)] int ChunksDone,
    [property: Id(4)] int ChunksTotal,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] SourceRejection[] Rejections,
    [property: Id(8)] string? Error,
    [property: Id(9)] string? MasterPlaylist,
    [property: Id(10)] SiloShare[] EncodedOn,
    [property: Id(11)] bool SourceChecked = false,
    [property: Id(12)] string? LogFile = null)
{
    /// <summary>What the source's content checks (every frame decoded, beside the encodes) have come to so far.</summary>
    public string SourceCheck => SourceChecked ? "passed"
        : Stage == IngestStage.Rejected ? "rejected"
        : Stage is IngestStage.Validating or IngestStage.Encoding ? "running" : "not run";

    public bool Finished => Stage is IngestStage.Ready or IngestStage.Rejected or IngestStage.Failed;

    public double ElapsedSeconds => Math.Round((UpdatedAt - StartedAt).TotalSeconds, 3);
}

/// <summary>How many of a job's chunk encodes one silo (its address) has done.</summary>
[GenerateSerializer, Immutable, Alias("netflix.SiloShare")]
public sealed record SiloShare([property: Id(0)] string Silo, [property: Id(1)] int Chunks);

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
