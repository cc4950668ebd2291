namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks abr [...]</c>: the trace-driven ABR evaluation (<see cref="AbrBenchmark"/>).
/// Exit 0 on success, 1 on failure, 2 on bad usage, as the default mode.
/// </summary>
public static class AbrProgram
{
    public static Task<int> RunAsync(IReadOnlyList<string> args) => ConsoleRunner.RunAsync(
        "ABR evaluation",
        () => AbrOptions.Parse(args),
        async (options, cancellationToken) =>
        {
            var result = await AbrBenchmark.RunAsync(options, Console.Error, cancellationToken);
            if (options.Json) AbrReport.WriteJson(result);
            else AbrReport.WriteTable(result);
        });
}
