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
