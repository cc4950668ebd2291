namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks pipeline [--seconds N] [--json]</c>: the media pipeline against one ffmpeg command.
/// Exit 0 on success, 1 on failure, 2 on bad usage, as the default mode.
/// </summary>
public static class PipelineProgram
{
    public static Task<int> RunAsync(IReadOnlyList<string> args) => ConsoleRunner.RunAsync(
        "pipeline benchmark",
        () => PipelineOptions.Parse(args),
        async (options, cancellationToken) =>
        {
            var result = await PipelineBenchmark.RunAsync(options, Console.Error, cancellationToken);
            if (options.Json) PipelineReport.WriteJson(result);
            else PipelineReport.WriteTable(result);
        });
}
