namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// What an ABR rule knows when it picks the next segment's rendition: the ladder (kb/s, lowest first),
/// the buffer ahead of the playhead, the segment length, the throughput estimate (null before the first
/// download) and the rendition of the previous segment (null for the first).
/// </summary>
public sealed record AbrContext(
    IReadOnlyList<double> BitratesKbps,
    double BufferSeconds,
    double SegmentSeconds,
    double? ThroughputKbps,
    int? PreviousRendition)
{
    /// <summary>
    /// The bytes of the segments ahead, from the title's index: the next one first, each with its size at every
    /// rendition; as many as are left, or only the next one (null: the player does not know them, so the rules use
    /// the bitrates).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<long>>? UpcomingSegmentBytes { get; init; }

    /// <summary>The bytes of the next segment at each rendition, when the player knows them.</summary>
    public IReadOnlyList<long>? NextSegmentBytes
    {
        get => UpcomingSegmentBytes is { Count: > 0 } upcoming ? upcoming[0] : null;
        init => UpcomingSegmentBytes = value is null ? null : [value];
    }

    /// <summary>The throughput of each recent download in kb/s, oldest first (the samples the estimate is made of).</summary>
    public IReadOnlyList<double> RecentThroughputKbps { get; init; } = [];

    /// <summary>Segments left to fetch, this one included (null: unknown, as far as any rule looks ahead).</summary>
    public int? SegmentsLeft { get; init; }

    /// <summary>The next segment's size at <paramref name="rendition"/>: known, or estimated from its bitrate.</summary>
    public double NextSegmentBits(int rendition) => SegmentBits(0, rendition);

    /// <summary>
    /// The size of the segment <paramref name="ahead"/> places after the next one (0: the next) at
    /// <paramref name="rendition"/>: known from the index, or estimated from its bitrate.
    /// </summary>
    public double SegmentBits(int ahead, int rendition) =>
        UpcomingSegmentBytes is { } upcoming && ahead < upcoming.Count
            ? upcoming[ahead][rendition] * 8.0
            : BitratesKbps[rendition] * 1000 * SegmentSeconds;

    /// <summary>How many segments a rule that plans <paramref name="horizon"/> ahead can plan: fewer near the end.</summary>
    public int Lookahead(int horizon) => Math.Max(1, Math.Min(horizon, SegmentsLeft ?? horizon));

    public int Lowest => 0;

    public int Highest => BitratesKbps.Count - 1;

    /// <summary>The highest rendition whose bitrate is at most <paramref name="kbps"/>, or the lowest.</summary>
    public int HighestAtMost(double kbps)
    {
        for (var i = Highest; i > Lowest; i--)
        {
            if (BitratesKbps[i] <= kbps) return i;
        }
        return Lowest;
    }
}

/// <summary>Chooses the rendition of each next segment; one instance per playback session, since a rule may remember it.</summary>
public interface IAbrRule
{
    string Name { get; }

    int Choose(AbrContext context);
}
