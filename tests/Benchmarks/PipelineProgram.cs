using System.Diagnostics;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks pipeline [--seconds N] [--json]</c>: the media pipeline against one ffmpeg command.
/// Exit 0 on success, 1 on failure, 2 on bad usage, as the default mode.
/// </summary>
/// <remarks>
/// The silo runs in this process, so the mode runs itself again with the runtime settings a silo that runs for
/// days effectively has, unless asked otherwise:
/// <list type="bullet">
/// <item>Tiered compilation off (<c>DOTNET_TieredCompilation=0</c>: optimized code at the first call, during the
/// warm-up; <c>--tiered-jit</c> keeps it). A fresh process compiles its code twice as it warms up, and a 4 s warm-up
/// ingest runs each per-chunk path only a few times, so the timed job would pay 3 to 8 CPU s of one-time
/// recompilation, more than a long-running silo ever pays per job. The report says how much compiling the timed
/// runs still did.</item>
/// <item>Idle thread-pool threads that sleep at once instead of spinning (<c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0</c>,
/// as the Silo host sets in its runtime configuration; <c>--thread-spin</c> keeps .NET's default): a spinning thread
/// takes the core from an ffmpeg process.</item>
/// </list>
/// </remarks>
public static class PipelineProgram
{
    private const string Relaunched = "NETFLIX_BENCHMARK_RELAUNCHED";
    private const string TieredCompilation = "DOTNET_TieredCompilation";
    private const string SpinLimit = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (Environment.GetEnvironmentVariable(Relaunched) is null) return await RunAgainAsync(args);

        return await ConsoleRunner.RunAsync(
            "pipeline benchmark",
            () => PipelineOptions.Parse(args),
            async (options, cancellationToken) =>
            {
                var result = await PipelineBenchmark.RunAsync(options, Console.Error, cancellationToken);
                if (options.Json) PipelineReport.WriteJson(result);
                else PipelineReport.WriteTable(result);
            });
    }

    private static async Task<int> RunAgainAsync(IReadOnlyList<string> args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program this is");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // "dotnet Orleans.Netflix.Benchmarks.dll …" runs the host; the apphost (dotnet run) is the program itself.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(PipelineProgram).Assembly.Location);
        start.ArgumentList.Add(PipelineOptions.Mode);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment[Relaunched] = "1";
        if (!args.Contains(PipelineOptions.TieredJitFlag)) start.Environment[TieredCompilation] = "0";
        if (!args.Contains(PipelineOptions.ThreadSpinFlag)) start.Environment[SpinLimit] = "0";
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
