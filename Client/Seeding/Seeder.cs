using System.Diagnostics;
using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Client.Seeding;

/// <summary>
/// Loads a generated catalog and member base through <see cref="ICatalogImportGrain"/>: one call per
/// batch, a few batches in flight, so 15,000 entities take tens of calls rather than 15,000.
/// </summary>
public sealed class Seeder(IGrainFactory grains)
{
    public sealed record Plan(int Titles, int Members, int Seed, int BatchSize, int Parallelism);

    public sealed record Result(int Titles, int Members, int Batches, TimeSpan TitlesElapsed, TimeSpan MembersElapsed)
    {
        public TimeSpan Elapsed => TitlesElapsed + MembersElapsed;
    }

    public async Task<Result> RunAsync(Plan plan, IProgress<(string Kind, int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        if (plan.Titles < 0 || plan.Members < 0) throw new ArgumentException("counts must not be negative");
        if (plan.BatchSize is < 1 or > CatalogLimits.MaxImportBatch) throw new ArgumentException($"batch size must be 1 to {CatalogLimits.MaxImportBatch}");
        if (plan.Parallelism is < 1 or > 64) throw new ArgumentException("parallelism must be 1 to 64");

        var generator = new CatalogGenerator(plan.Seed);
        var importer = grains.GetGrain<ICatalogImportGrain>(ImportKeys.Default);
        var batches = 0;

        var clock = Stopwatch.StartNew();
        batches += await ImportAsync("titles", generator.Titles(plan.Titles), plan, b => importer.ImportTitles(b), progress, cancellationToken);
        var titlesElapsed = clock.Elapsed;

        clock.Restart();
        batches += await ImportAsync("members", generator.Members(plan.Members), plan, b => importer.ImportMembers(b), progress, cancellationToken);
        return new Result(plan.Titles, plan.Members, batches, titlesElapsed, clock.Elapsed);
    }

    private static async Task<int> ImportAsync<T>(string kind, IReadOnlyList<T> items, Plan plan, Func<T[], Task<int>> import,
        IProgress<(string Kind, int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var chunks = items.Chunk(plan.BatchSize).ToArray();
        var done = 0;
        progress?.Report((kind, 0, items.Count));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = plan.Parallelism, CancellationToken = cancellationToken },
            async (chunk, _) =>
            {
                await import(chunk);
                progress?.Report((kind, Interlocked.Add(ref done, chunk.Length), items.Count));
            });
        return chunks.Length;
    }
}
