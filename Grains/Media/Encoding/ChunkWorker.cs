using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Runs one chunk x rendition encode on this silo: from the chunk's shared decoded frames when the job
/// asks for them, else from the source itself, then its decode check. Both steps run together with the
/// chunk's other renditions here, one ffmpeg for all (<see cref="ChunkEncodes"/>, <see cref="ChunkDecodeChecks"/>).
/// An ffmpeg slot is held only while ffmpeg runs, never while waiting for a decode or for the other renditions.
/// </summary>
public sealed class ChunkWorker(SharedChunkFrames frames, ChunkEncodes encodes, ChunkDecodeChecks checks, IOptions<EncodingOptions> options,
    ILogger<ChunkWorker> logger)
{
    public async Task<EncodedChunk> EncodeAsync(ChunkWork work, CancellationToken cancellationToken)
    {
        if (work.Frames is null) return await EncodeFromSourceAsync(work, cancellationToken);
        try
        {
            return await EncodeFromSharedFramesAsync(work, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Shared frames that do not make a good chunk (unreadable, or split where a seek would not split
            // this source) must not fail the chunk: it is encoded from the source itself before the attempt counts.
            logger.LogWarning("Chunk {Key} from shared frames failed ({Error}); encoding it from the source", work.Key, e.Message);
            return await EncodeFromSourceAsync(work, cancellationToken);
        }
    }

    private async Task<EncodedChunk> EncodeFromSharedFramesAsync(ChunkWork work, CancellationToken cancellationToken)
    {
        // Joined before waiting for the frames, so the renditions that wait for the same frames encode together.
        using var check = checks.Join(Group(work));
        using var encode = encodes.Join(EncodeGroup(work));
        UncheckedChunk encoded;
        using (var lease = await frames.AcquireAsync(work, cancellationToken))
        {
            try
            {
                encoded = await encode.RunAsync(new ChunkEncodeRequest(ChunkInput.DecodedFrames(lease.Path), work), cancellationToken);
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

    private async Task<EncodedChunk> EncodeFromSourceAsync(ChunkWork work, CancellationToken cancellationToken)
    {
        using var check = checks.Join(Group(work));
        using var encode = encodes.Join(EncodeGroup(work));
        var encoded = await encode.RunAsync(new ChunkEncodeRequest(ChunkInput.WholeSource(work.SourcePath), work), cancellationToken);
        return await CheckAsync(check, encoded, cancellationToken);
    }

    private Task<EncodedChunk> CheckAsync(RenditionBatches<string, ChunkDecodeResult>.Ticket check, UncheckedChunk encoded,
        CancellationToken cancellationToken) =>
        ChunkEncoder.CheckAsync(encoded, file => check.RunAsync(file, cancellationToken), options.Value.PsnrFloorDb);

    /// <summary>The renditions of one chunk of one job are checked together.</summary>
    private static string Group(ChunkWork work) => $"{work.JobId}/{work.Chunk.Index}";

    /// <summary>They are encoded together too, unless <see cref="EncodingOptions.EncodeRenditionsTogether"/> is off: each is then a group of one.</summary>
    private string EncodeGroup(ChunkWork work) => options.Value.EncodeRenditionsTogether ? Group(work) : work.Key;
}
