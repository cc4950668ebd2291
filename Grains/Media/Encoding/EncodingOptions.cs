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

    /// <summary>
    /// x264 constant-quality factor, held under each rung's bitrate in every segment (see <see cref="X264Arguments.RateControl"/>);
    /// 0 encodes at the rung's average bitrate instead.
    /// </summary>
    public double Crf { get; set; } = 23;

    /// <summary>A chunk whose PSNR against the (scaled) source is below this is encoded again, then refused.</summary>
    public double PsnrFloorDb { get; set; } = 30;

    /// <summary>ffmpeg processes at once on one silo; 0 means one more than the number of cores.</summary>
    public int MaxConcurrentEncodes { get; set; }

    /// <summary>
    /// Encodes at once on this silo: <see cref="MaxConcurrentEncodes"/>, or the core count plus one. The
    /// one extra keeps the cores busy while a process starts or writes its output (the pipeline benchmark
    /// measured 1.91 busy cores of 2 with three at once, 1.75 with two).
    /// </summary>
    public int ConcurrentEncodes => MaxConcurrentEncodes > 0 ? MaxConcurrentEncodes : Environment.ProcessorCount + 1;

    /// <summary>Decoder and encoder threads of one chunk encode; 0 means <see cref="ThreadsPerEncode"/>'s default.</summary>
    public int EncodeThreads { get; set; }

    /// <summary>
    /// Threads per chunk encode: <see cref="EncodeThreads"/>, or the cores shared among the concurrent
    /// encodes. Parallel processes with few threads each spend less CPU on threading than one process with many.
    /// </summary>
    public int ThreadsPerEncode => EncodeThreads > 0 ? EncodeThreads : Math.Max(1, Environment.ProcessorCount / ConcurrentEncodes);

    /// <summary>
    /// Disk for the chunks' decoded frames, shared by the renditions of a chunk on one silo (see
    /// <see cref="SharedChunkFrames"/>); a chunk waits for room before it is decoded. 0 turns sharing off:
    /// every rendition then decodes its stretch of the source itself.
    /// </summary>
    public long SharedFramesBytes { get; set; } = 3L << 30;

    /// <summary>How long a chunk's decoded frames stay when no rendition is using them and some have not come.</summary>
    public TimeSpan SharedFramesLinger { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether the renditions of a chunk on one silo are encoded by one ffmpeg process (<see cref="ChunkEncodes"/>), which
    /// reads the chunk's frames once and starts one process instead of one per rendition: about 10 % less CPU for the
    /// benchmark's ladder's four encodes of a chunk. Its encoders run one after another, so a silo with more cores than
    /// chunks in flight (a short title on a big machine) should finish sooner with this off (reasoned, not measured).
    /// </summary>
    public bool EncodeRenditionsTogether { get; set; } = true;

    public TimeSpan ChunkTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Every chunk, and the audio, is written with timestamps shifted by this much, so B-frames never
    /// push the first chunk below zero and all pieces share one timeline.
    /// </summary>
    public TimeSpan TimelineOffset { get; set; } = TimeSpan.FromSeconds(1);
}
