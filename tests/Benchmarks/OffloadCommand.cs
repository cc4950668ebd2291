namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks offload [...]</c>: the CDN offload simulation (<see cref="OffloadBenchmark"/>).
/// Exit 0 on success, 1 on failure, 2 on bad usage, as the default mode.
/// </summary>
public static class OffloadProgram
{
    public static Task<int> RunAsync(IReadOnlyList<string> args) => ConsoleRunner.RunAsync(
        "offload simulation",
        () => OffloadOptions.Parse(args),
        (options, cancellationToken) =>
        {
            var result = OffloadBenchmark.Run(options, Console.Error, cancellationToken);
            if (options.Json) OffloadReport.WriteJson(result);
            else OffloadReport.WriteTable(result);
            return Task.CompletedTask;
        });
}
