using System.ComponentModel;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks [--seconds N] [--concurrency N] [--json]</c>, the mode without a name: no-op grain calls per second through an external
/// client against member show / title show calls per second, same process, same run, and the ratio (<see cref="BenchmarkRun"/>).
/// </summary>
[Description("without a mode: no-op grain calls against member show and title show calls")]
public sealed class GrainCallsCommand : BenchmarkCommand<CallRateSettings>
{
    protected override string Name => "benchmark";

    protected override async Task RunAsync(CallRateSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var result = await BenchmarkRun.RunAsync(options, Console.Error, cancellationToken);
        foreach (var warning in Report.Warnings(result)) Console.Error.WriteLine($"warning: {warning}");
        if (options.Json) Report.WriteJson(result);
        else Report.WriteTable(result);
    }
}
