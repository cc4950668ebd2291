namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The pipeline mode's command line (the mode word already removed):
/// <c>pipeline [--seconds N] [--preset P] [--crf N] [--silos 1,2,4] [--slots N] [--threads N] [--rounds N] [--segments-per-chunk N] [--renditions-apart] [--no-shared-frames] [--no-warmup] [--tiered-jit] [--json]</c>.
/// </summary>
public sealed record PipelineOptions(int Seconds, string Preset, int Crf, int[] Silos, int SlotsPerSilo, int ThreadsPerEncode, bool Warmup, bool Json, int Rounds = 1,
    bool RenditionsApart = false, bool NoSharedFrames = false, int? SegmentsPerChunk = null)
{
    public const string Mode = "pipeline";

    public const string Usage = "usage: Benchmarks pipeline [--seconds N (source length, default 60)] [--preset x264 preset (default veryfast)] " +
        "[--crf N (capped CRF, default 23; 0 = average bitrate)] [--silos N[,N...] (silos per run, default 1)] [--slots N (encodes at once per silo, default: cores + 1)] " +
        "[--threads N (threads per encode, default: cores / slots)] [--rounds N (pipeline and baseline N times, alternating; ratios are the median, default 1)] " +
        "[--segments-per-chunk N (chunk length in 4 s segments, default 2)] [--renditions-apart (one ffmpeg per chunk x rendition instead of one per chunk)] " +
        "[--no-shared-frames (each chunk's encode seeks in the source instead of reading decoded frames)] [--no-warmup] " +
        "[--tiered-jit (keep .NET's tiered compilation: the timed runs then pay the fresh process's recompilation)] [--json]";

    /// <summary>Keeps tiered compilation on (see <see cref="PipelineProgram"/>); the run itself reads it from the environment.</summary>
    public const string TieredJitFlag = "--tiered-jit";

    private static readonly string[] Presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];

    public static readonly PipelineOptions Default = new(Seconds: 60, Preset: "veryfast", Crf: (int)new Grains.Media.EncodingOptions().Crf, Silos: [1], SlotsPerSilo: 0, ThreadsPerEncode: 0, Warmup: true, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static PipelineOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                // At least one 8 s chunk plus a little; at most an hour of source.
                "--seconds" => options with { Seconds = reader.Whole(4, 3600) },
                "--preset" => options with { Preset = CheckedPreset(reader.Value()) },
                "--crf" => options with { Crf = reader.Whole(0, 51) },
                "--silos" => options with { Silos = [.. reader.Value().Split(',').Select(s => reader.Whole(s.Trim(), 1, 16))] },
                "--slots" => options with { SlotsPerSilo = reader.Whole(1, 256) },
                "--threads" => options with { ThreadsPerEncode = reader.Whole(1, 256) },
                "--rounds" => options with { Rounds = reader.Whole(1, 9) },
                "--segments-per-chunk" => options with { SegmentsPerChunk = reader.Whole(1, 64) },
                "--renditions-apart" when reader.IsFlag => options with { RenditionsApart = true },
                "--no-shared-frames" when reader.IsFlag => options with { NoSharedFrames = true },
                "--no-warmup" when reader.IsFlag => options with { Warmup = false },
                "--json" when reader.IsFlag => options with { Json = true },
                TieredJitFlag when reader.IsFlag => options,
                _ => throw reader.Unknown(),
            };
        }
        return options;
    }

    private static string CheckedPreset(string preset) => Presets.Contains(preset, StringComparer.Ordinal)
        ? preset
        : throw new ArgumentException($"--preset must be one of {string.Join(", ", Presets)}, not '{preset}'");
}
