using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>One rendition's encode of a chunk, from the given input.</summary>
public sealed record ChunkEncodeRequest(ChunkInput Input, ChunkWork Work);

/// <summary>
/// The x264 encodes of the chunks this silo is given: the renditions of one chunk that read the same
/// input are encoded by one ffmpeg process (<see cref="RenditionBatches{TItem, TResult}"/>), which reads
/// the chunk's frames once instead of once per rendition, in one of the silo's ffmpeg slots. Each
/// rendition keeps its own grain, outcome, checks and retries: when the process fails, every rendition
/// is encoded again on its own.
/// </summary>
public sealed class ChunkEncodes
{
    private readonly ChunkEncoder _encoder;
    private readonly FfmpegSlots _slots;
    private readonly EncodingOptions _options;
    private readonly RenditionBatches<ChunkEncodeRequest, UncheckedChunk> _batches;
    private int _processes;

    public ChunkEncodes(ChunkEncoder encoder, FfmpegSlots slots, IOptions<EncodingOptions> options, ILogger<ChunkEncodes> logger)
    {
        _encoder = encoder;
        _slots = slots;
        _options = options.Value;
        _batches = new(EncodeTogetherAsync, async request => (await EncodeAsync(request.Input, [request.Work]))[0], "Encoding", logger);
    }

    /// <summary>How many ffmpeg encode processes have run on this silo.</summary>
    public int Processes => _processes;

    /// <summary>Joins the group of the chunk's renditions to be encoded together; hand in the request with its <c>RunAsync</c>.</summary>
    public RenditionBatches<ChunkEncodeRequest, UncheckedChunk>.Ticket Join(string group) => _batches.Join(group);

    private async Task<UncheckedChunk[]?> EncodeTogetherAsync(IReadOnlyList<ChunkEncodeRequest> requests)
    {
        var input = requests[0].Input;
        var chunk = requests[0].Work.Chunk;
        // Only renditions of the same chunk with the same frames can share a decode.
        if (requests.Any(r => r.Input != input || r.Work.Chunk != chunk || r.Work.FrameRate != requests[0].Work.FrameRate)) return null;
        return await EncodeAsync(input, [.. requests.Select(r => r.Work)]);
    }

    private Task<UncheckedChunk[]> EncodeAsync(ChunkInput input, IReadOnlyList<ChunkWork> works) => _slots.RunAsync(ct =>
    {
        Interlocked.Increment(ref _processes);
        return _encoder.EncodeUncheckedAsync(input, works[0].Chunk, [.. works.Select(w => new EncodeTarget(w.Rendition, w.OutputPath))],
            works[0].FrameRate, _options, ct);
    }, CancellationToken.None);
}
