using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Runs one chunk x rendition encode on this silo: from the chunk's shared decoded frames when the job
/// asks for them, else from the source itself, then its decode check together with the chunk's other
/// renditions here (<see cref="ChunkDecodeChecks"/>). An ffmpeg slot is held only while ffmpeg runs, never
/// while waiting for another rendition's decode or for the chunk's other renditions to be checked with.
/// </summary>
public sealed class ChunkWorker(ChunkEncoder encoder, SharedChunkFrames frames, ChunkDecodeChecks checks, FfmpegSlots slots,
    IOptions<EncodingOptions> options, ILogger<ChunkWorker> logger)
{
    public async Task<EncodedChunk> EncodeAsync(ChunkWork work, CancellationToken cancellationToken)
    {
        if (work.Frames is null) return await EncodeFromAsync(ChunkInput.WholeSource(work.SourcePath), work, cancellationToken);
        try
        {
            return await EncodeFromSharedFramesAsync(work, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Shared frames that do not make a good chunk (unreadable, or split where a seek would not split
            // this source) must not fail the chunk: it is encoded from the source itself before the attempt counts.
            logger.LogWarning("Chunk {Key} from shared frames failed ({Error}); encoding it from the source", work.Key, e.Message);
            return await EncodeFromAsync(ChunkInput.WholeSource(work.SourcePath), work, cancellationToken);
        }
    }

    private async Task<EncodedChunk> EncodeFromSharedFramesAsync(ChunkWork work, CancellationToken cancellationToken)
    {
        using var check = checks.Join(CheckGroup(work));
        UncheckedChunk encoded;
        using (var lease = await frames.AcquireAsync(work, cancellationToken))
        {
            try
            {
                encoded = await EncodeInSlotAsync(ChunkInput.DecodedFrames(lease.Path), work, cancellationToken);
            }
            finally
            {
                // Done with the frames even when they failed: the fallback reads the source. Only a cancelled
                // encode may come back for them.
                if (!cancellationToken.IsCancellationRequested) lease.Complete();
            }
        }
        return await CheckAsync(check, encoded, cancellationToken);
    }

    private async Task<EncodedChunk> EncodeFromAsync(ChunkInput input, ChunkWork work, CancellationToken cancellationToken)
    {
        using var check = checks.Join(CheckGroup(work));
        return await CheckAsync(check, await EncodeInSlotAsync(input, work, cancellationToken), cancellationToken);
    }

    private Task<UncheckedChunk> EncodeInSlotAsync(ChunkInput input, ChunkWork work, CancellationToken cancellationToken) =>
        slots.RunAsync(ct => encoder.EncodeUncheckedAsync(input, work.Chunk, work.Rendition, work.FrameRate, work.OutputPath, options.Value, ct),
            cancellationToken);

    private static async Task<EncodedChunk> CheckAsync(ChunkDecodeChecks.Ticket check, UncheckedChunk encoded, CancellationToken cancellationToken)
    {
        ChunkDecodeResult decoded;
        try
        {
            decoded = await check.CheckAsync(encoded.Partial, cancellationToken);
        }
        catch
        {
            File.Delete(encoded.Partial);
            throw;
        }
        return ChunkEncoder.Accept(encoded, decoded);
    }

    /// <summary>The renditions of one chunk of one job are checked together.</summary>
    private static string CheckGroup(ChunkWork work) => $"{work.JobId}/{work.Chunk.Index}";
}
