using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The pipeline mode's command line: <c>pipeline [--seconds N] [--preset P] [--crf N] [--silos 1,2,4] [--slots N] [--threads N] [--rounds N]
/// [--segments-per-chunk N] [--renditions-apart] [--no-shared-frames] [--no-warmup] [--tiered-jit] [--json]</c>.
/// </summary>
public sealed class PipelineSettings : BenchmarkSettings
{
    private static readonly string[] Presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];

    // At least one 8 s chunk plus a little; at most an hour of source.
    [CommandOption("--seconds <N>"), Description("source length (4 to 3600, default 60)")]
    public int Seconds { get; init; } = PipelineOptions.Default.Seconds;

    [CommandOption("--preset <P>"), Description("x264 preset (default veryfast)")]
    public string Preset { get; init; } = PipelineOptions.Default.Preset;

    [CommandOption("--crf <N>"), Description("capped CRF (0 to 51, default 23; 0 = average bitrate)")]
    public int Crf { get; init; } = PipelineOptions.Default.Crf;

    [CommandOption("--silos <N,N>"), Description("silos per run, one run each (1 to 16, default 1)")]
    public string? Silos { get; init; }

    [CommandOption("--slots <N>"), Description("encodes at once per silo (1 to 256, default: cores + 1)")]
    public int? Slots { get; init; }

    [CommandOption("--threads <N>"), Description("threads per encode (1 to 256, default: cores / slots)")]
    public int? Threads { get; init; }

    [CommandOption("--rounds <N>"), Description("pipeline and baseline N times, alternating; ratios are the median (1 to 9, default 1)")]
    public int Rounds { get; init; } = PipelineOptions.Default.Rounds;

    [CommandOption("--segments-per-chunk <N>"), Description("chunk length in 4 s segments (1 to 64, default 2)")]
    public int? SegmentsPerChunk { get; init; }

    [CommandOption("--renditions-apart"), Description("one ffmpeg per chunk x rendition instead of one per chunk")]
    public bool RenditionsApart { get; init; }

    [CommandOption("--no-shared-frames"), Description("each chunk's encode seeks in the source instead of reading decoded frames")]
    public bool NoSharedFrames { get; init; }

    [CommandOption("--no-warmup"), Description("no warm-up ingest before the timed runs")]
    public bool NoWarmup { get; init; }

    /// <summary>Keeps tiered compilation on (see <see cref="PipelineCommand"/>).</summary>
    [CommandOption("--tiered-jit"), Description("keep .NET's tiered compilation: the timed runs then pay the fresh process's recompilation")]
    public bool TieredJit { get; init; }

    public override ValidationResult Validate() => OptionChecks.First(
        OptionChecks.Whole("--seconds", Seconds, 4, 3600),
        Presets.Contains(Preset, StringComparer.Ordinal) ? ValidationResult.Success() : ValidationResult.Error($"--preset must be one of {string.Join(", ", Presets)}, not '{Preset}'"),
        OptionChecks.Whole("--crf", Crf, 0, 51),
        OptionChecks.Checked(Silos is null ? null : SiloCounts(Silos).Error),
        OptionChecks.Whole("--slots", Slots, 1, 256),
        OptionChecks.Whole("--threads", Threads, 1, 256),
        OptionChecks.Whole("--rounds", Rounds, 1, 9),
        OptionChecks.Whole("--segments-per-chunk", SegmentsPerChunk, 1, 64));

    public PipelineOptions ToOptions() => PipelineOptions.Default with
    {
        Seconds = Seconds,
        Preset = Preset,
        Crf = Crf,
        Silos = Silos is null ? PipelineOptions.Default.Silos : SiloCounts(Silos).Values,
        SlotsPerSilo = Slots ?? PipelineOptions.Default.SlotsPerSilo,
        ThreadsPerEncode = Threads ?? PipelineOptions.Default.ThreadsPerEncode,
        Warmup = !NoWarmup,
        Json = Json,
        Rounds = Rounds,
        RenditionsApart = RenditionsApart,
        NoSharedFrames = NoSharedFrames,
        SegmentsPerChunk = SegmentsPerChunk,
    };

    private static (int[] Values, string? Error) SiloCounts(string text) => OptionChecks.WholeList("--silos", text, 1, 16);
}
