using System.ComponentModel;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks artwork [...]</c>: take rate of random, global-best (A/B) and personalized artwork on a simulated
/// population, online and by replay (<see cref="ArtworkBenchmark"/>).
/// </summary>
[Description("take rate of random, A/B and personalized artwork")]
public sealed class ArtworkCommand : BenchmarkCommand<ArtworkSettings>
{
    protected override string Name => "artwork evaluation";

    protected override Task RunAsync(ArtworkSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var result = ArtworkBenchmark.Run(options, Console.Error, cancellationToken);
        if (options.Json) ArtworkReport.WriteJson(result);
        else ArtworkReport.WriteTable(result);
        return Task.CompletedTask;
    }
}
