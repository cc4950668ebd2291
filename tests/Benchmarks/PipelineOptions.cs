using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The pipeline mode's command line (the mode word already removed):
/// <c>pipeline [--seconds N] [--preset P] [--silos 1,2,4] [--slots N] [--threads N] [--no-warmup] [--json]</c>.
/// </summary>
public sealed record PipelineOptions(int Seconds, string Preset, int[] Silos, int SlotsPerSilo, int ThreadsPerEncode, bool Warmup, bool Json)
{
    public const string Mode = "pipeline";

    public const string Usage = "usage: Benchmarks pipeline [--seconds N (source length, default 60)] [--preset x264 preset (default veryfast)] " +
        "[--silos N[,N...] (silos per run, default 1)] [--slots N (encodes at once per silo, default: cores)] " +
        "[--threads N (threads per encode, default: cores / slots)] [--no-warmup] [--json]";

    private static readonly string[] Presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];

    public static readonly PipelineOptions Default = new(Seconds: 60, Preset: "veryfast", Silos: [1], SlotsPerSilo: 0, ThreadsPerEncode: 0, Warmup: true, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static PipelineOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var parts = args[i].Split('=', 2);
            var (name, inlineValue) = (parts[0], parts.Length == 2 ? parts[1] : null);
            string Value()
            {
                if (inlineValue is not null) return inlineValue;
                if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value. {Usage}");
                return args[++i];
            }
            switch (name)
            {
                case "--seconds":
                    // At least one 8 s chunk plus a little; at most an hour of source.
                    options = options with { Seconds = Whole(name, Value(), 4, 3600) };
                    break;
                case "--preset":
                    var preset = Value();
                    if (!Presets.Contains(preset, StringComparer.Ordinal)) throw new ArgumentException($"--preset must be one of {string.Join(", ", Presets)}, not '{preset}'");
                    options = options with { Preset = preset };
                    break;
                case "--silos":
                    options = options with { Silos = [.. Value().Split(',').Select(s => Whole(name, s.Trim(), 1, 16))] };
                    break;
                case "--slots":
                    options = options with { SlotsPerSilo = Whole(name, Value(), 1, 256) };
                    break;
                case "--threads":
                    options = options with { ThreadsPerEncode = Whole(name, Value(), 1, 256) };
                    break;
                case "--no-warmup" when inlineValue is null:
                    options = options with { Warmup = false };
                    break;
                case "--json" when inlineValue is null:
                    options = options with { Json = true };
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'. {Usage}");
            }
        }
        return options;
    }

    private static int Whole(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{text}'");
}
