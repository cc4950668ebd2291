using System.ComponentModel;

namespace Orleans.Netflix.Benchmarks;

/// <summary><c>Benchmarks offload [...]</c>: the CDN offload simulation (<see cref="OffloadBenchmark"/>).</summary>
[Description("CDN offload simulation: edge fill plans against LRU")]
public sealed class OffloadCommand : BenchmarkCommand<OffloadSettings>
{
    protected override string Name => "offload simulation";

    protected override Task RunAsync(OffloadSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var result = OffloadBenchmark.Run(options, Console.Error, cancellationToken);
        if (options.Json) OffloadReport.WriteJson(result);
        else OffloadReport.WriteTable(result);
        return Task.CompletedTask;
    }
}
