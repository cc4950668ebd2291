namespace Orleans.Netflix.Media;

/// <summary>Why a studio source is refused. Each has a test that crafts such a source with ffmpeg.</summary>
public enum SourceProblem
{
    Missing,
    Empty,
    NotReadable,
    NoVideo,
    NoAudio,
    TooShort,
    TooLong,
    ResolutionOutOfBounds,
    FrameRateOutOfBounds,
    DecodeErrors,
    MissingFrames,
    BlackStretch,
    FrozenStretch,
    // Found by the integrity scan, before any encode (docs/ingest-validation.md); appended, so stored values keep their meaning.
    Truncated,
    Corrupt,
    AudioVideoLengths,
    AudioStartsLate,
    AudioEndsEarly,
    BadSubtitles,
}

[GenerateSerializer, Immutable, Alias("netflix.SourceRejection")]
public sealed record SourceRejection([property: Id(0)] SourceProblem Problem, [property: Id(1)] string Detail)
{
    public override string ToString() => $"{Problem}: {Detail}";
}
