using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Runs one chunk x rendition encode on this silo: from the chunk's shared decoded frames when the job
/// asks for them, else from the source itself. An ffmpeg slot is held only while ffmpeg runs, never
/// while waiting for another rendition's decode.
/// </summary>
public sealed class ChunkWorker(ChunkEncoder encoder, SharedChunkFrames frames, FfmpegSlots slots, IOptions<EncodingOptions> options,
    ILogger<ChunkWorker> logger)
{
    public async Task<EncodedChunk> EncodeAsync(ChunkWork work, CancellationToken cancellationToken)
    {
        if (work.Frames is null) return await EncodeFromAsync(ChunkInput.WholeSource(work.SourcePath), work, cancellationToken);

        using var lease = await frames.AcquireAsync(work, cancellationToken);
        EncodedChunk encoded;
        try
        {
            encoded = await EncodeFromAsync(ChunkInput.DecodedFrames(lease.Path), work, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Shared frames that do not make a good chunk (unreadable, or split where a seek would not split
            // this source) must not fail the chunk: it is encoded from the source itself before the attempt counts.
            logger.LogWarning("Chunk {Key} from shared frames failed ({Error}); encoding it from the source", work.Key, e.Message);
            encoded = await EncodeFromAsync(ChunkInput.WholeSource(work.SourcePath), work, cancellationToken);
        }
        lease.Complete();
        return encoded;
    }

    private Task<EncodedChunk> EncodeFromAsync(ChunkInput input, ChunkWork work, CancellationToken cancellationToken) =>
        slots.RunAsync(ct => encoder.EncodeAsync(input, work.Chunk, work.Rendition, work.FrameRate, work.OutputPath, options.Value, ct), cancellationToken);
}
