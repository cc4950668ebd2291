namespace Orleans.Netflix.Grains.Media;

/// <summary>A stretch of the source encoded on its own; it starts and ends on segment boundaries.</summary>
[GenerateSerializer, Immutable, Alias("netflix.Chunk")]
public sealed record Chunk([property: Id(0)] int Index, [property: Id(1)] TimeSpan Start, [property: Id(2)] TimeSpan Duration)
{
    public TimeSpan End => Start + Duration;
}

public static class ChunkPlan
{
    /// <summary>
    /// Splits <paramref name="duration"/> into chunks of <paramref name="segmentsPerChunk"/> segments; only the
    /// last chunk may be shorter. Segment boundaries are multiples of <paramref name="segment"/>, so segments line up
    /// across chunks and renditions.
    /// </summary>
    public static Chunk[] Split(TimeSpan duration, TimeSpan segment, int segmentsPerChunk)
    {
        if (duration <= TimeSpan.Zero) throw new ArgumentException("duration must be positive", nameof(duration));
        if (segment <= TimeSpan.Zero) throw new ArgumentException("segment length must be positive", nameof(segment));
        if (segmentsPerChunk < 1) throw new ArgumentException("a chunk holds at least one segment", nameof(segmentsPerChunk));
        var chunkLength = segment * segmentsPerChunk;
        var chunks = new List<Chunk>();
        for (var start = TimeSpan.Zero; start < duration; start += chunkLength)
        {
            var length = duration - start < chunkLength ? duration - start : chunkLength;
            // A sliver under one frame at the very end is the container's rounding, not content.
            if (length < TimeSpan.FromMilliseconds(50) && chunks.Count > 0) break;
            chunks.Add(new Chunk(chunks.Count, start, length));
        }
        return [.. chunks];
    }
}
