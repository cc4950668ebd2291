using System.Globalization;

namespace Orleans.Netflix.Benchmarks;

/// <summary>The pipeline mode's command line: <c>pipeline [--seconds N] [--json]</c> (the mode word already removed).</summary>
public sealed record PipelineOptions(int Seconds, bool Json)
{
    public const string Mode = "pipeline";

    public const string Usage = "usage: Benchmarks pipeline [--seconds N (source length, default 60)] [--json]";

    public static readonly PipelineOptions Default = new(Seconds: 60, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static PipelineOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var parts = args[i].Split('=', 2);
            var (name, inlineValue) = (parts[0], parts.Length == 2 ? parts[1] : null);
            switch (name)
            {
                case "--seconds":
                    if (inlineValue is null && i + 1 >= args.Count) throw new ArgumentException($"--seconds needs a value. {Usage}");
                    var text = inlineValue ?? args[++i];
                    // At least one 8 s chunk plus a little; at most an hour of source.
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 4 || seconds > 3600)
                        throw new ArgumentException($"--seconds must be a whole number from 4 to 3600, not '{text}'");
                    options = options with { Seconds = seconds };
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
}
