using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>What ffprobe says a source holds.</summary>
[GenerateSerializer, Immutable, Alias("netflix.SourceInfo")]
public sealed record SourceInfo(
    [property: Id(0)] TimeSpan Duration,
    [property: Id(1)] int Width,
    [property: Id(2)] int Height,
    [property: Id(3)] double FrameRate,
    [property: Id(4)] string VideoCodec,
    [property: Id(5)] int AudioStreams);

/// <summary>The verdict on a source: accepted when there is no rejection. Info is null when it could not be probed.</summary>
[GenerateSerializer, Immutable, Alias("netflix.SourceReport")]
public sealed record SourceReport([property: Id(0)] SourceInfo? Info, [property: Id(1)] SourceRejection[] Rejections)
{
    public bool Accepted => Rejections.Length == 0;
}
