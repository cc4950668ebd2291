using Orleans.Netflix.Client.Playback;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The ABR mode's options, as <see cref="AbrSettings"/> reads them from its command line:
/// <c>abr [--ladder title|KBPS,KBPS,…]… [--jitter J] [--traces DIR] [--segments N] [--max-buffer S] [--json]</c>.
/// </summary>
public sealed record AbrOptions(IReadOnlyList<AbrLadder> Ladders, double Jitter, string? Traces, int Segments, double MaxBufferSeconds, bool Json)
{
    public const string Mode = "abr";

    /// <summary>A common five-rung ladder and a Netflix-like ten-rung one, in kb/s.</summary>
    public static readonly AbrLadder FiveRungs = new([400, 800, 1500, 3000, 5000]);
    public static readonly AbrLadder TenRungs = new([235, 375, 560, 750, 1050, 1750, 2350, 3000, 4300, 5800]);

    public static readonly AbrOptions Default = new([AbrLadder.Title, FiveRungs, TenRungs], Jitter: 0, Traces: null, Segments: 48,
        MaxBufferSeconds: new PlayerOptions().MaxBufferSeconds, Json: false);

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
