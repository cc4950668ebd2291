namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// A title as ABR sees it: the ladder's nominal bitrates (kb/s, lowest first), each segment's play time, and
/// the bytes a player fetches for each segment at each rendition (video, plus the audio the master playlist
/// pairs with that rendition), the video init segment fetched whenever the rendition changes, and the audio's
/// init fetched whenever the audio track changes (at the start, and on a switch between renditions paired with
/// different audio). The player builds it from the playlists and the title's index; the ABR benchmark from
/// the index or from a ladder.
/// </summary>
public sealed record AbrTitle(IReadOnlyList<double> BitratesKbps, IReadOnlyList<double> SegmentSeconds, IReadOnlyList<long[]> SegmentBytes,
    IReadOnlyList<long> InitBytes)
{
    /// <summary>The audio track each rendition plays with, as an index into <see cref="AudioInitBytes"/> (−1: none); empty for a title without audio.</summary>
    public IReadOnlyList<int> AudioOf { get; init; } = [];

    /// <summary>Each audio track's init segment.</summary>
    public IReadOnlyList<long> AudioInitBytes { get; init; } = [];

    /// <summary>The init segments fetched before a segment at <paramref name="choice"/> after one at <paramref name="previous"/> (null: the first).</summary>
    public long InitBytesOf(int? previous, int choice) =>
        (previous != choice ? InitBytes[choice] : 0)
        + (AudioOf.Count > 0 && AudioOf[choice] >= 0 && (previous is not { } p || AudioOf[p] != AudioOf[choice]) ? AudioInitBytes[AudioOf[choice]] : 0);

    public int Segments => SegmentSeconds.Count;

    public int Renditions => BitratesKbps.Count;

    /// <summary>Segment <paramref name="segment"/>'s bytes at every rendition.</summary>
    public long[] BytesAt(int segment) => [.. SegmentBytes.Select(r => r[segment])];

    /// <summary>
    /// A title on a ladder of nominal bitrates: each segment carries its bitrate times its length. With
    /// <paramref name="jitter"/> j each segment is scaled at every rendition alike by a factor drawn evenly from
    /// [1 − j, 1 + j] (a scene simpler or busier than the average), from a fixed seed, so runs repeat.
    /// </summary>
    /// <exception cref="ArgumentException">An empty or unordered ladder, a bitrate that is not positive, jitter outside [0, 1).</exception>
    public static AbrTitle FromLadder(IReadOnlyList<double> kbps, double segmentSeconds, int segments, double jitter = 0, int seed = 1)
    {
        if (kbps.Count == 0) throw new ArgumentException("a ladder needs at least one bitrate");
        if (kbps.Any(k => !(k > 0) || !double.IsFinite(k))) throw new ArgumentException($"ladder bitrates must be positive, got {string.Join(',', kbps)}");
        for (var i = 1; i < kbps.Count; i++)
        {
            if (kbps[i] <= kbps[i - 1]) throw new ArgumentException($"ladder bitrates must rise, lowest first: {kbps[i]} after {kbps[i - 1]}");
        }
        if (!(jitter >= 0 && jitter < 1)) throw new ArgumentException($"jitter must be at least 0 and below 1, got {jitter}");
        if (segments < 1 || !(segmentSeconds > 0)) throw new ArgumentException("a title needs segments of positive length");

        var random = new Random(seed);
        var scale = Enumerable.Range(0, segments).Select(_ => jitter == 0 ? 1 : 1 + jitter * (2 * random.NextDouble() - 1)).ToArray();
        var bytes = kbps.Select(k => scale.Select(s => (long)Math.Round(k * 1000 / 8 * segmentSeconds * s)).ToArray()).ToArray();
        return new AbrTitle([.. kbps], [.. Enumerable.Repeat(segmentSeconds, segments)], bytes, [.. kbps.Select(_ => 0L)]);
    }

    /// <summary>The title's segments repeated (or cut) to <paramref name="segments"/>, as a short title makes a longer session.</summary>
    public AbrTitle Cycled(int segments) => this with
    {
        SegmentSeconds = [.. Enumerable.Range(0, segments).Select(i => SegmentSeconds[i % Segments])],
        SegmentBytes = [.. SegmentBytes.Select(r => Enumerable.Range(0, segments).Select(i => r[i % Segments]).ToArray())],
    };

    /// <summary>The mean bitrate rendition <paramref name="rendition"/>'s segments carry, in kb/s.</summary>
    public double ActualKbps(int rendition) => SegmentBytes[rendition].Sum() * 8 / 1000.0 / SegmentSeconds.Sum();
}
