using Orleans.Netflix.Common;

namespace Orleans.Netflix.Media;

/// <summary>
/// One ingest, keyed by job id: validate, encode chunk x rendition across the silos, assemble, package,
/// publish. Its state is durable and a reminder wakes it after a restart, so a job survives the loss of
/// any silo or of the whole cluster.
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
}
