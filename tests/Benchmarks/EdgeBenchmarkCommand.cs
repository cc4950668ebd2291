namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks edge [--duration S] [--rounds N] [--connections N] [--threads N] [--json]</c>: the edge against
/// nginx serving the same cached segments, both driven by wrk. Exit 0 on success, 1 on failure (nginx or wrk
/// missing included, said before anything starts), 2 on bad usage, as the other modes.
/// </summary>
public static class EdgeBenchmarkProgram
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (ExternalTools.Find("nginx") is not { } nginx) return Missing("nginx");
        if (ExternalTools.Find("wrk") is not { } wrk) return Missing("wrk");

        return await ConsoleRunner.RunAsync(
            "edge benchmark",
            () => EdgeBenchmarkOptions.Parse(args),
            async (options, cancellationToken) =>
            {
                var result = await EdgeBenchmark.RunAsync(options, nginx, wrk, Console.Error, cancellationToken);
                if (options.Json) EdgeBenchmarkReport.WriteJson(result);
                else EdgeBenchmarkReport.WriteTable(result);
            });
    }

    private static int Missing(string tool)
    {
        Console.Error.WriteLine($"error: {tool} not found; install with: {ExternalTools.InstallHint}");
        return 1;
    }
}
