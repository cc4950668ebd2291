namespace Orleans.Netflix.Media;

/// <summary>One rung of the bitrate ladder: an H.264 encode at a height and bitrate.</summary>
[GenerateSerializer, Immutable, Alias("netflix.Rendition")]
public sealed record Rendition(
    [property: Id(0)] string Name,
    [property: Id(1)] int Width,
    [property: Id(2)] int Height,
    [property: Id(3)] int VideoKbps);

public static class Ladder
{
    /// <summary>
    /// The default ladder, tallest first: (height, kbit/s). The 144p rung is for slow mobile links: with the 32 kb/s
    /// audio it pairs with (<see cref="AudioPairing"/>) it carries about 140 kb/s, which the slowest stretches of 3G
    /// commutes still deliver (the 240p rung with its 64 kb/s audio carries about 420 kb/s; see docs/abr.md). 120 kb/s
    /// keeps a 144p test pattern above the pipeline's PSNR floor; 80 did not.
    /// </summary>
    public static readonly IReadOnlyList<(int Height, int Kbps)> Default =
    [
        (1080, 5000), (720, 3000), (480, 1500), (360, 800), (240, 400), (144, 120),
    ];

    /// <summary>
    /// The rungs no taller than the source, each as wide as the source's aspect ratio makes it (even
    /// numbers, as H.264 4:2:0 needs). A source shorter than the lowest rung gets one rung at its own height.
    /// </summary>
    public static Rendition[] For(int sourceWidth, int sourceHeight, IReadOnlyList<(int Height, int Kbps)>? ladder = null)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0) throw new ArgumentException("source size must be positive");
        ladder ??= Default;
        var rungs = ladder.Where(r => r.Height <= sourceHeight).ToList();
        if (rungs.Count == 0) rungs.Add((sourceHeight, ladder.Min(r => r.Kbps)));
        return rungs
            .OrderByDescending(r => r.Height)
            .Select(r => new Rendition($"{r.Height}p", Even(sourceWidth * (double)r.Height / sourceHeight), Even(r.Height), r.Kbps))
            .ToArray();
    }

    private static int Even(double value) => Math.Max(2, (int)Math.Round(value / 2) * 2);
}
