namespace Orleans.Netflix.Benchmarks;

/// <summary>One simulated play: when it starts, what, at which rendition, and how much of it is watched.</summary>
public readonly record struct SimulatedPlay(TimeSpan At, int Title, int Rendition, double Watched);

/// <summary>
/// The plays every policy is measured on (the same list for each, so they differ only in policy):
/// uniform over each day; titles by the catalog's Zipf popularity; the rendition a play settles on
/// (45 % 1080p, 25 % 720p, 15 % 480p, 10 % 360p, 5 % 240p); 40 % of plays watched to the end and the
/// rest abandoned anywhere after the first 5 %.
/// </summary>
public static class OffloadWorkload
{
    public static readonly double[] RenditionShare = [0.45, 0.25, 0.15, 0.10, 0.05];
    private const double Finished = 0.4;
    private const double FirstAbandon = 0.05;

    /// <summary>The chance that a play watches past <paramref name="fraction"/> of its title.</summary>
    public static double ChanceWatchedPast(double fraction) =>
        Finished + (1 - Finished) * Math.Clamp((1 - Math.Max(fraction, FirstAbandon)) / (1 - FirstAbandon), 0, 1);

    public static SimulatedPlay[] Generate(OffloadCatalog catalog, int days, int playsPerDay, Random random)
    {
        var plays = new SimulatedPlay[days * playsPerDay];
        for (var i = 0; i < plays.Length; i++)
        {
            var at = TimeSpan.FromDays(i / playsPerDay + random.NextDouble());
            var watched = random.NextDouble() < Finished ? 1.0 : FirstAbandon + random.NextDouble() * (1 - FirstAbandon);
            plays[i] = new SimulatedPlay(at, catalog.SampleTitle(random), Rendition(random.NextDouble()), watched);
        }
        Array.Sort(plays, (a, b) => a.At.CompareTo(b.At));
        return plays;
    }

    private static int Rendition(double draw)
    {
        for (var r = 0; r < RenditionShare.Length; r++)
        {
            if ((draw -= RenditionShare[r]) < 0) return r;
        }
        return RenditionShare.Length - 1;
    }
}
