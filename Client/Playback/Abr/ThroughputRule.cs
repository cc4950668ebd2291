namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// The classic rate-based rule: the highest rendition below a safety share of the estimated throughput,
/// ignoring the buffer. Quick to react, and the baseline buffer-based rules are measured against.
/// </summary>
public sealed class ThroughputRule(double safety = 0.9) : IAbrRule
{
    public string Name => "throughput";

    public int Choose(AbrContext context) =>
        context.ThroughputKbps is { } kbps ? context.HighestAtMost(kbps * safety) : context.Lowest;
}
