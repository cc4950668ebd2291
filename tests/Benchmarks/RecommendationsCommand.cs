namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks recommendations [...]</c>: offline evaluation of the recommendation models (<see cref="RecommendationsBenchmark"/>).
/// Exit 0 on success, 1 on failure, 2 on bad usage, as the default mode.
/// </summary>
public static class RecommendationsProgram
{
    public static Task<int> RunAsync(IReadOnlyList<string> args) => ConsoleRunner.RunAsync(
        "recommendations evaluation",
        () => RecommendationsOptions.Parse(args),
        (options, cancellationToken) =>
        {
            var result = RecommendationsBenchmark.Run(options, Console.Error, cancellationToken);
            if (options.Json) RecommendationsReport.WriteJson(result);
            else RecommendationsReport.WriteTable(result);
            return Task.CompletedTask;
        });
}
