namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The pipeline mode's options, as <see cref="PipelineSettings"/> reads them from its command line:
/// <c>pipeline [--seconds N] [--preset P] [--crf N] [--silos 1,2,4] [--slots N] [--threads N] [--rounds N] [--segments-per-chunk N] [--renditions-apart] [--no-shared-frames] [--no-warmup] [--tiered-jit] [--json]</c>.
/// </summary>
public sealed record PipelineOptions(int Seconds, string Preset, int Crf, int[] Silos, int SlotsPerSilo, int ThreadsPerEncode, bool Warmup, bool Json, int Rounds = 1,
    bool RenditionsApart = false, bool NoSharedFrames = false, int? SegmentsPerChunk = null)
{
    public const string Mode = "pipeline";

    public static readonly PipelineOptions Default = new(Seconds: 60, Preset: "veryfast", Crf: (int)new Grains.Media.EncodingOptions().Crf, Silos: [1], SlotsPerSilo: 0, ThreadsPerEncode: 0, Warmup: true, Json: false);
}
