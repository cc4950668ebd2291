using System.ComponentModel;

namespace Orleans.Netflix.Benchmarks;

/// <summary><c>Benchmarks recommendations [...]</c>: offline evaluation of the recommendation models (<see cref="RecommendationsBenchmark"/>).</summary>
[Description("recall and NDCG of item-item and ALS vs popularity")]
public sealed class RecommendationsCommand : BenchmarkCommand<RecommendationsSettings>
{
    protected override string Name => "recommendations evaluation";

    protected override Task RunAsync(RecommendationsSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var result = RecommendationsBenchmark.Run(options, Console.Error, cancellationToken);
        if (options.Json) RecommendationsReport.WriteJson(result);
        else RecommendationsReport.WriteTable(result);
        return Task.CompletedTask;
    }
}
