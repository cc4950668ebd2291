namespace Orleans.Netflix.Grains.Media;

/// <summary>How the pipeline encodes (configuration section "Netflix:Ingest:Encoding").</summary>
public sealed class EncodingOptions
{
    public const string Section = "Netflix:Ingest:Encoding";

    /// <summary>HLS segment length; also the GOP, so every segment starts with a keyframe in every rendition.</summary>
    public TimeSpan Segment { get; set; } = TimeSpan.FromSeconds(4);

    public int SegmentsPerChunk { get; set; } = 2;

    /// <summary>x264 preset, the same for chunked and whole-file encodes.</summary>
    public string Preset { get; set; } = "veryfast";

    /// <summary>A chunk whose PSNR against the (scaled) source is below this is encoded again, then refused.</summary>
    public double PsnrFloorDb { get; set; } = 30;

    /// <summary>ffmpeg processes at once on one silo; 0 means the number of cores.</summary>
    public int MaxConcurrentEncodes { get; set; }

    public TimeSpan ChunkTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Every chunk, and the audio, is written with timestamps shifted by this much, so B-frames never
    /// push the first chunk below zero and all pieces share one timeline.
    /// </summary>
    public TimeSpan TimelineOffset { get; set; } = TimeSpan.FromSeconds(1);
}
