using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Where a chunk encode reads its frames: the whole source, seeking to the chunk (the decoder starts at
/// the keyframe before it), or a file that holds exactly the chunk's decoded frames (<see cref="SharedChunkFrames"/>).
/// Both give the encoder the same frames with the same timestamps, so the output is the same byte for byte.
/// </summary>
public sealed record ChunkInput(string Path, bool IsWholeSource)
{
    public static ChunkInput WholeSource(string path) => new(path, true);

    public static ChunkInput DecodedFrames(string path) => new(path, false);

    /// <summary>The input options that select the chunk: a seek and a length in the source, nothing in a chunk's own file.</summary>
    public string Window(Chunk chunk) => IsWholeSource ? $"-ss {MediaProbe.Arg(chunk.Start)} -t {MediaProbe.Arg(chunk.Duration)}" : "";
}
