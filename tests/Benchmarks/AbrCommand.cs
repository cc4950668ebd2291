using System.ComponentModel;

namespace Orleans.Netflix.Benchmarks;

/// <summary><c>Benchmarks abr [...]</c>: the trace-driven ABR evaluation (<see cref="AbrBenchmark"/>).</summary>
[Description("ABR rules over every bandwidth trace, several ladders")]
public sealed class AbrCommand : BenchmarkCommand<AbrSettings>
{
    protected override string Name => "ABR evaluation";

    protected override async Task RunAsync(AbrSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var result = await AbrBenchmark.RunAsync(options, Console.Error, cancellationToken);
        if (options.Json) AbrReport.WriteJson(result);
        else AbrReport.WriteTable(result);
    }
}
