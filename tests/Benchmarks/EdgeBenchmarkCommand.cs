using System.ComponentModel;
using Spectre.Console.Cli;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// <c>Benchmarks edge [--duration S] [--rounds N] [--connections N] [--threads N] [--json]</c>: the edge against
/// nginx serving the same cached segments, both driven by wrk. nginx or wrk missing is a failure (exit 1), said before anything starts.
/// </summary>
[Description("cached segments: the edge against nginx, under wrk")]
public sealed class EdgeBenchmarkCommand : BenchmarkCommand<EdgeBenchmarkSettings>
{
    private string _nginx = "";
    private string _wrk = "";

    protected override string Name => "edge benchmark";

    public override Task<int> ExecuteAsync(CommandContext context, EdgeBenchmarkSettings settings, CancellationToken cancellationToken)
    {
        if (ExternalTools.Find("nginx") is not { } nginx) return Task.FromResult(Missing("nginx"));
        if (ExternalTools.Find("wrk") is not { } wrk) return Task.FromResult(Missing("wrk"));
        (_nginx, _wrk) = (nginx, wrk);
        return base.ExecuteAsync(context, settings, cancellationToken);
    }

    protected override async Task RunAsync(EdgeBenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var result = await EdgeBenchmark.RunAsync(options, _nginx, _wrk, Console.Error, cancellationToken);
        if (options.Json) EdgeBenchmarkReport.WriteJson(result);
        else EdgeBenchmarkReport.WriteTable(result);
    }

    private static int Missing(string tool)
    {
        Console.Error.WriteLine($"error: {tool} not found; install with: {ExternalTools.InstallHint}");
        return 1;
    }
}
