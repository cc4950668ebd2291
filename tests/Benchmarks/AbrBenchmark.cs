using Orleans.Netflix.Client.Connection;
using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Client.Playback.Abr;

namespace Orleans.Netflix.Benchmarks;

/// <summary>One rule's sessions over every trace, and their totals.</summary>
public sealed record AbrRuleResult(string Rule, IReadOnlyList<AbrSession> Sessions)
{
    /// <summary>Seconds stalled after the start over seconds of playback plus stalls, all sessions together.</summary>
    public double RebufferRatio => Sessions.Sum(s => s.RebufferSeconds) / Sessions.Sum(s => s.PlayedSeconds + s.RebufferSeconds);

    public double MeanKbps => Sessions.Average(s => s.MeanKbps);

    public double SwitchesPerSession => Sessions.Average(s => s.Switches);

    public double Qoe => Sessions.Average(s => s.QoePerSegment);

    public double SessionsWithStalls => Sessions.Count(s => s.Rebuffers > 0) / (double)Sessions.Count;

    public double StartupSeconds => Sessions.Average(s => s.StartupSeconds);
}

public sealed record AbrResult(AbrOptions Options, AbrVideo Video, int Traces, IReadOnlyList<AbrRuleResult> Rules);

/// <summary>
/// The trace-driven ABR evaluation: a title ingested through the pipeline gives the ladder and its real
/// segment sizes; every rule plays it over every trace (<see cref="AbrSimulator"/>).
/// </summary>
public static class AbrBenchmark
{
    /// <summary>Each rule as a factory: a session gets its own instance, since a rule may remember its session.</summary>
    public static IReadOnlyList<Func<IAbrRule>> Rules() => [() => new ThroughputRule(), () => new BbaRule(), () => new BolaRule(), () => new HybridRule()];

    public static async Task<AbrResult> RunAsync(AbrOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var traces = Directory.GetFiles(options.TracesFolder()).Order(StringComparer.Ordinal).Select(BandwidthTrace.Load).ToArray();
        if (traces.Length == 0) throw new ArgumentException($"no traces in {options.TracesFolder()}");
        log.WriteLine($"{traces.Length} traces from {options.TracesFolder()}");

        var video = await IngestLadderAsync(options.Segments, log, cancellationToken);
        var results = Rules().Select(rule => new AbrRuleResult(rule().Name,
            [.. traces.Select(trace => AbrSimulator.Play(rule(), video, trace, options.MaxBufferSeconds))])).ToArray();
        return new AbrResult(options, video, traces.Length, results);
    }

    private static async Task<AbrVideo> IngestLadderAsync(int segments, TextWriter log, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), $"netflix-abr-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            await using var region = await InProcessRegion.StartAsync(new Dictionary<string, string?>
            {
                ["Netflix:Ingest:WorkRoot"] = Path.Combine(root, "work"),
                ["Netflix:Ingest:OriginRoot"] = Path.Combine(root, "origin"),
            }, cancellationToken);
            await using var connection = await ClusterConnection.ConnectAsync(
                new ClientOptions { Region = region.Settings.Region.Name, Gateways = [region.Gateway] }, cancellationToken);
            var assets = await EdgeTitle.IngestAsync(connection.Client, root, log, cancellationToken);
            return AbrVideo.From(assets, segments);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException e)
            {
                log.WriteLine($"warning: could not delete {root}: {e.Message}");
            }
        }
    }
}
