namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The ABR mode's command line (the mode word already removed):
/// <c>abr [--traces DIR] [--segments N] [--max-buffer S] [--json]</c>.
/// </summary>
public sealed record AbrOptions(string? Traces, int Segments, int MaxBufferSeconds, bool Json)
{
    public const string Mode = "abr";

    public const string Usage = "usage: Benchmarks abr [--traces DIR (bandwidth traces, default tests/Traces/train)] " +
        "[--segments N (4 s segments per session, default 48)] [--max-buffer S (seconds, default 60)] [--json]";

    public static readonly AbrOptions Default = new(Traces: null, Segments: 48, MaxBufferSeconds: 60, Json: false);

    /// <summary>The options, or an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static AbrOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        var reader = new ArgumentReader(args, Usage);
        while (reader.MoveNext())
        {
            options = reader.Name switch
            {
                "--traces" => options with { Traces = reader.Value() },
                "--segments" => options with { Segments = reader.Whole(2, 10_000) },
                "--max-buffer" => options with { MaxBufferSeconds = reader.Whole(8, 600) },
                "--json" when reader.IsFlag => options with { Json = true },
                _ => throw reader.Unknown(),
            };
        }
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
