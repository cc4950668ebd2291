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
    /// <summary>The bytes of the next segment at each rendition, when the player knows them (null: use the bitrates).</summary>
    public IReadOnlyList<long>? NextSegmentBytes { get; init; }

    /// <summary>The next segment's size at <paramref name="rendition"/>: known, or estimated from its bitrate.</summary>
    public double NextSegmentBits(int rendition) =>
        NextSegmentBytes is { } known ? known[rendition] * 8.0 : BitratesKbps[rendition] * 1000 * SegmentSeconds;

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
