namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>One segment's download as the playout saw it.</summary>
/// <param name="StallSeconds">How long playback stood still waiting for it (after the start).</param>
/// <param name="WaitSeconds">How long the player now waits, playing, before the buffer is under its maximum again.</param>
public readonly record struct PlayoutStep(double StallSeconds, double WaitSeconds);

/// <summary>
/// The playout buffer and the rule's inputs, shared by the player and the ABR benchmark so that both feed a
/// rule the same context and count the same stalls: the rule picks each segment from the buffer, the
/// throughput estimate (harmonic mean of the last five downloads), the previous rendition and the index's
/// sizes of the segments ahead; each download drains the buffer for as long as it took (a stall when it
/// runs dry; before the first segment, the startup wait), its segment adds its play time, and above the
/// maximum buffer the player waits. It keeps the session's QoE (<see cref="AbrQoe"/>) and choices.
/// </summary>
public sealed class AbrPlayout(IAbrRule rule, AbrTitle title, double maxBufferSeconds)
{
    /// <summary>How many segments ahead the context carries sizes for (the longest plan a rule makes).</summary>
    public const int SizesAhead = 5;

    private readonly ThroughputEstimator _estimator = new();
    private readonly List<int> _choices = [];
    private double _qoe;
    private double _kbpsSum;

    public AbrTitle Title => title;

    public double BufferSeconds { get; private set; }

    public double StartupSeconds { get; private set; }

    public double StalledSeconds { get; private set; }

    public int Rebuffers { get; private set; }

    public int Switches { get; private set; }

    public double PlayedSeconds { get; private set; }

    /// <summary>The rendition of each segment fetched so far, in order.</summary>
    public IReadOnlyList<int> Choices => _choices;

    public int? Previous => _choices.Count == 0 ? null : _choices[^1];

    public double QoePerSegment => _choices.Count == 0 ? 0 : _qoe / _choices.Count;

    public double MeanKbps => _choices.Count == 0 ? 0 : _kbpsSum / _choices.Count;

    /// <summary>What the rule is told before segment <paramref name="segment"/>.</summary>
    public AbrContext ContextFor(int segment) =>
        new(title.BitratesKbps, BufferSeconds, title.SegmentSeconds[segment], _estimator.Kbps, Previous)
        {
            UpcomingSegmentBytes = [.. Enumerable.Range(segment, Math.Min(SizesAhead, title.Segments - segment)).Select(title.BytesAt)],
            RecentThroughputKbps = _estimator.Samples,
            SegmentsLeft = title.Segments - segment,
        };

    /// <summary>The rule's rendition for segment <paramref name="segment"/>.</summary>
    public int Choose(int segment) => Math.Clamp(rule.Choose(ContextFor(segment)), 0, title.Renditions - 1);

    /// <summary>The bytes a player fetches for <paramref name="segment"/> at <paramref name="choice"/>: the segment, and the init segments when the rendition or its audio changes.</summary>
    public long BytesOf(int segment, int choice) => title.SegmentBytes[choice][segment] + title.InitBytesOf(Previous, choice);

    /// <summary>Segment <paramref name="segment"/> at <paramref name="choice"/> arrived: <paramref name="bytes"/> in <paramref name="seconds"/> (media time).</summary>
    public PlayoutStep Downloaded(int segment, int choice, long bytes, double seconds)
    {
        _estimator.Add(bytes, TimeSpan.FromSeconds(Math.Max(seconds, 1e-6)));
        var stall = 0.0;
        if (_choices.Count == 0) StartupSeconds = seconds;
        else if (seconds > BufferSeconds)
        {
            stall = seconds - BufferSeconds;
            StalledSeconds += stall;
            Rebuffers++;
        }
        BufferSeconds = Math.Max(BufferSeconds - seconds, 0) + title.SegmentSeconds[segment];
        PlayedSeconds += title.SegmentSeconds[segment];

        var kbps = title.BitratesKbps[choice];
        double? previousKbps = Previous is { } p ? title.BitratesKbps[p] : null;
        _qoe += AbrQoe.Of(kbps, _choices.Count == 0 ? seconds : stall, previousKbps);
        if (Previous is { } q && q != choice) Switches++;
        _kbpsSum += kbps;
        _choices.Add(choice);

        var wait = Math.Max(BufferSeconds - maxBufferSeconds, 0);
        BufferSeconds -= wait;
        return new PlayoutStep(stall, wait);
    }
}
