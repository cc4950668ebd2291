using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// The side of an ingest job (same key and grain as <see cref="Orleans.Netflix.Media.IIngestJobGrain"/>) that its
/// chunk encodes report to. Only the silo's own <see cref="IChunkEncodeGrain"/>s call it, so it lives with the
/// grains: clients start and watch jobs, they never report chunks.
/// </summary>
[Alias("netflix.IIngestChunkReports"), TrustedTierOnly]
public interface IIngestChunkReports : INetflixGrain
{
    [Alias("ChunkFinished")]
    Task ChunkFinished(ChunkOutcome outcome);
}
