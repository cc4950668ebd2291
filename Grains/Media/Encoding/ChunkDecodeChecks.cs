using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// The clean-decode checks of the chunks this silo encodes: the renditions of one chunk are decoded
/// together by one ffmpeg process (<see cref="RenditionBatches{TItem, TResult}"/>), in the silo's ffmpeg
/// slots. ffmpeg names no input in its decoder errors, so when a group's process reports one, its files
/// are decoded again one at a time to find which it was; frame counts are per input.
/// </summary>
public sealed class ChunkDecodeChecks
{
    private readonly FfmpegSlots _slots;
    private readonly int _threads;
    private readonly RenditionBatches<string, ChunkDecodeResult> _batches;
    private int _processes;

    public ChunkDecodeChecks(FfmpegSlots slots, IOptions<EncodingOptions> options, ILogger<ChunkDecodeChecks> logger)
    {
        _slots = slots;
        _threads = options.Value.ThreadsPerEncode;
        _batches = new(files => RunAsync(files), async file => (await RunAsync([file]))![0], "Decode check", logger);
    }

    /// <summary>How many ffmpeg processes the checks have run on this silo.</summary>
    public int Processes => _processes;

    /// <summary>Joins the group of the chunk's renditions to be decoded together; hand in the encoded file with its <c>RunAsync</c>.</summary>
    public RenditionBatches<string, ChunkDecodeResult>.Ticket Join(string group) => _batches.Join(group);

    private Task<ChunkDecodeResult[]?> RunAsync(IReadOnlyList<string> files) => _slots.RunAsync(ct =>
    {
        Interlocked.Increment(ref _processes);
        return ChunkDecoding.DecodeAsync(files, _threads, ct);
    }, CancellationToken.None);
}
