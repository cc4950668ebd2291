using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// One chunk of one rendition of one job (key <c>job/chunk/rendition</c>): runs ffmpeg off the grain's
/// turn, retries, and reports the outcome to the job (<see cref="IIngestChunkReports"/>). Asking again for
/// finished work reports the stored outcome; asking while it runs changes nothing. Only the silo's own
/// ingest jobs call it, so it lives with the grains, not with the contracts clients see.
/// </summary>
[Alias("netflix.IChunkEncodeGrain"), TrustedTierOnly]
public interface IChunkEncodeGrain : INetflixGrain
{
    [Alias("Encode")]
    Task Encode(ChunkWork work);

    /// <summary>Stops an encode that is running or waiting (its job ended); it reports back as failed, and keeps no file.</summary>
    [Alias("Cancel")]
    Task Cancel();
}
