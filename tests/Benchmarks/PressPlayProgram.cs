using Spectre.Console;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks press-play [--seconds N] [--concurrency N] [--json]</c>: <see cref="PressPlayBenchmark"/>.
/// Exit 0 on success, 1 on failure, 2 on bad usage, as the default mode.
/// </summary>
public static class PressPlayProgram
{
    public static Task<int> RunAsync(IReadOnlyList<string> args) => ConsoleRunner.RunAsync(
        "press-play benchmark",
        () => BenchmarkOptions.Parse(args),
        async (options, cancellationToken) =>
        {
            var r = await PressPlayBenchmark.RunAsync(options, Console.Error, cancellationToken);
            if (options.Json)
            {
                Report.PrintJson(new
                {
                    machine = Report.Machine(),
                    seconds = options.Seconds,
                    concurrency = options.Concurrency,
                    members = r.Members,
                    titles = r.Titles,
                    edges = r.Edges,
                    primingRounds = r.Priming.Rounds,
                    measurements = Report.CallRatesJson(new[] { r.NoOpBefore, r.StartPlayback, r.NewGrainNoOp, r.NewStoredGrain, r.NoOpAfter }),
                    ratio = Math.Round(r.Ratio, 4),
                });
                return;
            }
            Report.WriteCallRates($"press play: {options.Concurrency} calls in flight, {options.Seconds} s each, one silo, external client", new[] { r.NoOpBefore, r.StartPlayback, r.NewGrainNoOp, r.NewStoredGrain, r.NoOpAfter }, r.BaselineCallsPerSecond, "0.00");
            AnsiConsole.WriteLine($"StartPlayback / no-op: {r.Ratio:0.00}× (target ≥ 0.25); {Report.MachineLine}");
        });
}
