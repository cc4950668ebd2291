namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks artwork [...]</c>: take rate of random, global-best (A/B) and personalized artwork on a simulated
/// population, online and by replay (<see cref="ArtworkBenchmark"/>). Exit 0 on success, 1 on failure, 2 on bad usage.
/// </summary>
public static class ArtworkProgram
{
    public static Task<int> RunAsync(IReadOnlyList<string> args) => ConsoleRunner.RunAsync(
        "artwork evaluation",
        () => ArtworkOptions.Parse(args),
        (options, cancellationToken) =>
        {
            var result = ArtworkBenchmark.Run(options, Console.Error, cancellationToken);
            if (options.Json) ArtworkReport.WriteJson(result);
            else ArtworkReport.WriteTable(result);
            return Task.CompletedTask;
        });
}
