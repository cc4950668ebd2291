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

/// <summary>Every rule on one ladder.</summary>
public sealed record AbrLadderResult(AbrLadder Ladder, AbrTitle Title, IReadOnlyList<AbrRuleResult> Rules)
{
    public AbrRuleResult Best => Rules.MaxBy(r => r.Qoe)!;

    public AbrRuleResult Ours => Rules.Single(r => r.Rule == AbrBenchmark.OurRule);

    public AbrRuleResult Mpc => Rules.Single(r => r.Rule == AbrBenchmark.MpcRule);

    /// <summary>Ours first in QoE, and stalling no more than robust MPC.</summary>
    public bool OursWins => Best == Ours && Ours.RebufferRatio <= Mpc.RebufferRatio;
}

public sealed record AbrResult(AbrOptions Options, int Traces, IReadOnlyList<AbrLadderResult> Ladders);

/// <summary>
/// The trace-driven ABR evaluation: on each ladder (a title ingested through the pipeline, with its real
/// segment sizes, or nominal bitrates with optional scene jitter) every rule plays over every trace
/// (<see cref="AbrSimulator"/>, the player's own playout).
/// </summary>
public static class AbrBenchmark
{
    public const string OurRule = "ours";
    public const string MpcRule = "robust MPC";

    /// <summary>
    /// Each rule as a factory (a session gets its own instance, since a rule may remember its session): the floor, the baselines, and ours
    /// as the player builds it.
    /// </summary>
    public static IReadOnlyList<Func<IAbrRule>> Rules() =>
        [() => new AbrFloorRule(), () => new ThroughputRule(), () => new BbaRule(), () => new BolaRule(), () => new RobustMpcRule(), () => new PlayerOptions().Rule()];

    public static async Task<AbrResult> RunAsync(AbrOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var traces = Directory.GetFiles(options.TracesFolder()).Order(StringComparer.Ordinal).Select(BandwidthTrace.Load).ToArray();
        if (traces.Length == 0) throw new ArgumentException($"no traces in {options.TracesFolder()}");
        log.WriteLine($"{traces.Length} traces from {options.TracesFolder()}");

        var results = new List<AbrLadderResult>();
        foreach (var ladder in options.Ladders)
        {
            var title = ladder.Kbps is { } kbps
                ? AbrTitle.FromLadder(kbps, 4, options.Segments, options.Jitter)
                : (await AbrTitleSource.IngestAsync(log, cancellationToken)).Cycled(options.Segments);
            log.WriteLine($"ladder {ladder.Name}: {Rules().Count} rules over {traces.Length} traces");
            results.Add(new AbrLadderResult(ladder, title, [.. Rules().Select(rule => new AbrRuleResult(rule().Name,
                [.. traces.AsParallel().AsOrdered().Select(trace => AbrSimulator.Play(rule(), title, trace, options.MaxBufferSeconds))]))]));
        }
        return new AbrResult(options, traces.Length, results);
    }
}
