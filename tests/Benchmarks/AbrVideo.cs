using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The video a simulated session plays: a real ladder from the pipeline, lowest rendition first, with
/// each rendition's real segment sizes, repeated to the session's length (the segments of a short
/// generated title, cycled, like Pensieve's 48-segment test video).
/// </summary>
public sealed record AbrVideo(IReadOnlyList<Rendition> Renditions, double SegmentSeconds, long[][] SegmentBytes)
{
    public int Segments => SegmentBytes[0].Length;

    public double[] BitratesKbps => [.. Renditions.Select(r => (double)r.VideoKbps)];

    public static AbrVideo From(TitleAssets assets, int segments)
    {
        var tracks = assets.Video.OrderBy(v => v.Rendition.VideoKbps).ToArray();
        var sizes = new long[tracks.Length][];
        double segmentSeconds = 0;
        for (var r = 0; r < tracks.Length; r++)
        {
            var files = assets.SegmentsOf(tracks[r]);
            if (files.Length == 0) throw new InvalidOperationException($"rendition {tracks[r].Rendition.Name} has no segments under {assets.FolderOf(tracks[r])}");
            segmentSeconds = files.Max(f => f.DurationSeconds);
            sizes[r] = [.. Enumerable.Range(0, segments).Select(i => files[i % files.Length].Bytes)];
        }
        return new AbrVideo([.. tracks.Select(t => t.Rendition)], segmentSeconds, sizes);
    }
}
