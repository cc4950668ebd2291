using Orleans.Netflix.Common;

namespace Orleans.Netflix.Media;

/// <summary>
/// One ingest, keyed by job id: validate, encode chunk x rendition on <see cref="IChunkEncodeGrain"/>s,
/// assemble, package, publish. Its state is durable and a reminder wakes it after a restart, so a
/// job survives the loss of any silo or of the whole cluster.
/// </summary>
[Alias("netflix.IIngestJobGrain")]
public interface IIngestJobGrain : INetflixGrain
{
    /// <summary>Starts the job, or returns its status if this request already started it.</summary>
    [Alias("Start"), TrustedTierOnly]
    Task<IngestStatus> Start(IngestRequest request);

    /// <summary>Null for a job that was never started.</summary>
    [Alias("Status")]
    Task<IngestStatus?> Status();

    [Alias("ChunkFinished"), TrustedTierOnly]
    Task ChunkFinished(ChunkOutcome outcome);
}

/// <summary>
/// One chunk of one rendition of one job (key <c>job/chunk/rendition</c>): runs ffmpeg off the grain's
/// turn, retries, and reports the outcome to the job. Asking again for finished work reports the
/// stored outcome; asking while it runs changes nothing.
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
