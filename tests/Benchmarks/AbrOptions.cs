using Orleans.Netflix.Client.Playback;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The ABR mode's command line (the mode word already removed):
/// <c>abr [--ladder title|KBPS,KBPS,…]… [--jitter J] [--traces DIR] [--segments N] [--max-buffer S] [--json]</c>.
/// </summary>
public sealed record AbrOptions(IReadOnlyList<AbrLadder> Ladders, double Jitter, string? Traces, int Segments, double MaxBufferSeconds, bool Json)
{
    public const string Mode = "abr";

    /// <summary>A common five-rung ladder and a Netflix-like ten-rung one, in kb/s.</summary>
    public static readonly AbrLadder FiveRungs = new([400, 800, 1500, 3000, 5000]);
    public static readonly AbrLadder TenRungs = new([235, 375, 560, 750, 1050, 1750, 2350, 3000, 4300, 5800]);

    public const string Usage = "usage: Benchmarks abr [--ladder title|KBPS,KBPS,... (repeatable; 'title': a title ingested through the pipeline; " +
        "default: title, 400,...,5000 and a ten-rung 235,...,5800)] [--jitter J (each ladder segment scaled by 1 +- up to J, default 0)] " +
        "[--traces DIR (bandwidth traces, default tests/Traces/train)] [--segments N (4 s segments per session, default 48)] " +
        "[--max-buffer S (seconds, default the player's 30)] [--json]";

    public static readonly AbrOptions Default = new([AbrLadder.Title, FiveRungs, TenRungs], Jitter: 0, Traces: null, Segments: 48,
        MaxBufferSeconds: new PlayerOptions().MaxBufferSeconds, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static AbrOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var ladders = new List<AbrLadder>();
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--ladder" => Add(options, ladders, AbrLadder.Parse(reader.Value())),
                "--jitter" => options with { Jitter = reader.Number(0, 0.9) },
                "--traces" => options with { Traces = reader.Value() },
                "--segments" => options with { Segments = reader.Whole(2, 10_000) },
                "--max-buffer" => options with { MaxBufferSeconds = reader.Whole(8, 600) },
                "--json" when reader.IsFlag => options with { Json = true },
                _ => throw reader.Unknown(),
            };
        }
        return ladders.Count == 0 ? options : options with { Ladders = ladders };
    }

    private static AbrOptions Add(AbrOptions options, List<AbrLadder> ladders, AbrLadder ladder)
    {
        ladders.Add(ladder);
        return options;
    }

    /// <summary>The traces folder: as given, or tests/Traces/train above the working directory or this program.</summary>
    public string TracesFolder()
    {
        if (Traces is not null)
            return Directory.Exists(Traces) ? Traces : throw new ArgumentException($"--traces: no folder '{Traces}'");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "Traces", "train");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        throw new ArgumentException("tests/Traces/train not found above the working directory; pass --traces DIR");
    }
}
