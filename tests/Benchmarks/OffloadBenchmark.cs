using Orleans.Netflix.EdgeServer.Cache;

namespace Orleans.Netflix.Benchmarks;

public sealed record OffloadRun(double Alpha, long CatalogBytes, int Plays, double WholeTitleBound, double ObjectBound, IReadOnlyList<OffloadOutcome> Outcomes);

public sealed record OffloadResult(OffloadOptions Options, IReadOnlyList<OffloadRun> Runs);

/// <summary>
/// The offload simulation for each Zipf exponent: the same catalog and plays against pure LRU and GDSF
/// caches, fill planned from plays with either of them for the rest, and fill from the true popularity.
/// </summary>
public static class OffloadBenchmark
{
    public static readonly OffloadScenario[] Scenarios =
    [
        new("LRU, no fill", () => new LruPolicy(), FillSource.None),
        new("GDSF, no fill", () => new GdsfPolicy(), FillSource.None),
        new("fill + LRU", () => new LruPolicy(), FillSource.Plays),
        new("fill + GDSF (the edge's default)", () => new GdsfPolicy(), FillSource.Plays),
        new("fill from true popularity + GDSF", () => new GdsfPolicy(), FillSource.Truth),
    ];

    public static OffloadResult Run(OffloadOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var runs = new List<OffloadRun>();
        foreach (var alpha in options.Alphas)
        {
            var catalog = new OffloadCatalog(options.Titles, alpha, new Random(options.Seed));
            var plays = OffloadWorkload.Generate(catalog, options.Days, options.PlaysPerDay, new Random(options.Seed + 1));
            var outcomes = new List<OffloadOutcome>();
            foreach (var scenario in Scenarios)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress.WriteLine($"alpha {alpha}: {scenario.Name} ...");
                outcomes.Add(OffloadSimulation.Run(scenario, catalog, plays, options.Edges, options.EdgeShare, options.FillShare, options.KeepBonus));
            }
            runs.Add(new OffloadRun(alpha, catalog.TotalBytes, plays.Length, OffloadSimulation.WholeTitleBound(catalog, options.Edges, options.EdgeShare),
                OffloadSimulation.ObjectBound(catalog, options.Edges, options.EdgeShare), outcomes));
        }
        return new OffloadResult(options, runs);
    }
}
