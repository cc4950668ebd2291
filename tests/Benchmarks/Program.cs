using Orleans.Netflix.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- [--seconds N] [--concurrency N] [--json]
// No-op grain calls per second through an external client against member show / title show calls
// per second, same process, same run, and the ratio. Exit 0 on success, 1 on failure, 2 on bad usage.
// dotnet run -c Release --project tests/Benchmarks -- pipeline [--seconds N] [--json]: the media pipeline
// against one ffmpeg command producing the same ladder (PipelineBenchmark).

if (args.Length > 0 && args[0] == PipelineOptions.Mode) return await PipelineProgram.RunAsync(args[1..]);

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

if (Report.IsDebugBuild)
    Console.Error.WriteLine("warning: this is a Debug build, so the numbers mean little; run with -c Release");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    var result = await BenchmarkRun.RunAsync(options, Console.Error, stop.Token);
    foreach (var warning in Report.Warnings(result)) Console.Error.WriteLine($"warning: {warning}");
    if (options.Json) Report.WriteJson(result);
    else Report.WriteTable(result);
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("error: benchmark cancelled");
    return 1;
}
catch (Exception e)
{
    var message = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    Console.Error.WriteLine($"error: benchmark failed: {e.GetType().Name}: {message}");
    return 1;
}
