namespace Orleans.Netflix.Grains.Media;

/// <summary>Where the pipeline works and publishes (configuration section "Netflix:Ingest"). Every silo must see the same folders.</summary>
public sealed class IngestOptions
{
    public const string Section = "Netflix:Ingest";

    /// <summary>Scratch space for chunks and assembled renditions, one folder per job.</summary>
    public string WorkRoot { get; set; } = Path.Combine(Path.GetTempPath(), "orleans-netflix", "work");

    /// <summary>Origin storage: published titles under titles/&lt;title&gt;/&lt;job&gt;/.</summary>
    public string OriginRoot { get; set; } = Path.Combine(Path.GetTempPath(), "orleans-netflix", "origin");

    /// <summary>Each job's log file (&lt;job&gt;.log): the full ffmpeg logs behind the one-line errors a status shows. Kept after the job ends.</summary>
    public string LogRoot { get; set; } = Path.Combine(Path.GetTempPath(), "orleans-netflix", "logs");

    /// <summary>Attempts per chunk before the job fails.</summary>
    public int ChunkAttempts { get; set; } = 3;

    /// <summary>How often a job that is waiting for chunks asks again for the ones not reported.</summary>
    public TimeSpan RedispatchEvery { get; set; } = TimeSpan.FromSeconds(15);
}
