using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// The per-silo cache of chunks' decoded frames: one decode per chunk however many renditions read it,
/// a byte budget on what is kept, and no file left behind. The decoder here writes a small file instead
/// of running ffmpeg; the real decode is checked against the source in <see cref="ChunkEncoderTests"/>.
/// </summary>
public sealed class SharedChunkFramesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"netflix-frames-{Guid.NewGuid():N}");
    private readonly CountingDecoder _decoder = new();

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TheRenditionsOfAChunk_DecodeItOnce_AndItsFileIsDeletedWhenAllHaveEncoded()
    {
        using var frames = Frames(budget: 1_000);
        _decoder.Gate = new TaskCompletionSource();

        var acquiring = new[] { "720p", "480p", "360p" }.Select(r => frames.AcquireAsync(Work(0, r), CancellationToken.None)).ToArray();
        await Task.Delay(100);
        Assert.All(acquiring, a => Assert.False(a.IsCompleted)); // all wait for the one decode
        _decoder.Gate.SetResult();
        var leases = await Task.WhenAll(acquiring);

        Assert.Equal(1, _decoder.Calls);
        Assert.Single(leases.Select(l => l.Path).Distinct());
        Assert.True(File.Exists(leases[0].Path));
        foreach (var lease in leases[..2])
        {
            lease.Complete();
            lease.Dispose();
        }
        Assert.True(File.Exists(leases[2].Path)); // one rendition still reads it
        leases[2].Complete();
        leases[2].Dispose();

        Assert.False(File.Exists(leases[0].Path));
        Assert.Equal(0, frames.BytesHeld);
    }

    [Fact]
    public async Task AChunkWaitsForRoom_UntilAnEarlierChunksFramesAreDeleted()
    {
        using var frames = Frames(budget: 150); // room for one chunk of 100 bytes

        var first = await frames.AcquireAsync(Work(0, "720p", renditions: 1), CancellationToken.None);
        var second = frames.AcquireAsync(Work(1, "720p", renditions: 1), CancellationToken.None);
        await Task.Delay(150);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, _decoder.Calls);

        first.Complete();
        first.Dispose();
        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _decoder.Calls);
        Assert.Equal(100, frames.BytesHeld);
    }

    [Fact]
    public async Task FramesThatSomeRenditionsNeverCameFor_AreDeletedOnceUnusedForTheLinger()
    {
        using var frames = Frames(budget: 1_000, linger: TimeSpan.FromMilliseconds(200));
        var lease = await frames.AcquireAsync(Work(0, "720p"), CancellationToken.None); // 3 renditions expected, 1 comes
        var path = lease.Path;
        lease.Complete();
        lease.Dispose();
        Assert.True(File.Exists(path));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (File.Exists(path) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(File.Exists(path));
        Assert.Equal(0, frames.BytesHeld);
    }

    [Fact]
    public async Task AFailedDecode_FailsItsWaiters_AndIsTriedAgainByTheNextRendition()
    {
        using var frames = Frames(budget: 1_000);
        _decoder.FailNext = true;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => frames.AcquireAsync(Work(0, "720p"), CancellationToken.None));
        Assert.Contains("corrupt", error.Message);
        Assert.Equal(0, frames.BytesHeld);

        using var lease = await frames.AcquireAsync(Work(0, "480p"), CancellationToken.None);
        Assert.Equal(2, _decoder.Calls);
        Assert.True(File.Exists(lease.Path));
    }

    [Fact]
    public async Task ACancelledWaitForRoom_LeavesTheQueue_HoldsNothing_AndLetsTheNextWaiterIn()
    {
        var budget = new ByteBudget(100);
        await budget.TakeAsync(80);
        using var cancel = new CancellationTokenSource();
        var big = budget.TakeAsync(50, cancel.Token);
        var small = budget.TakeAsync(20); // behind the big one: first come, first served
        Assert.False(small.IsCompleted);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => big);
        await small.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(100, budget.Held);
        budget.Return(80);
        budget.Return(20);
        Assert.Equal(0, budget.Held);
    }

    private SharedChunkFrames Frames(long budget, TimeSpan? linger = null)
    {
        var options = Options.Create(new EncodingOptions { SharedFramesBytes = budget, SharedFramesLinger = linger ?? TimeSpan.FromMinutes(5), MaxConcurrentEncodes = 2 });
        return new SharedChunkFrames(_decoder, new FfmpegSlots(options), options, TimeProvider.System, NullLogger<SharedChunkFrames>.Instance);
    }

    private ChunkWork Work(int chunk, string rendition, int renditions = 3) => new(
        "job", "/nowhere/source.mp4", new Chunk(chunk, TimeSpan.FromSeconds(8 * chunk), TimeSpan.FromSeconds(8)),
        new Rendition(rendition, 640, 360, 800), 25, Path.Combine(_folder, rendition, $"chunk-{chunk}.ts"),
        new SharedFrames(Path.Combine(_folder, "frames", $"chunk-{chunk}.nut"), renditions, 100));

    /// <summary>Writes 100 bytes as the chunk's frames and counts its calls.</summary>
    private sealed class CountingDecoder : ChunkFrameDecoder
    {
        private int _calls;
        public int Calls => _calls;
        public TaskCompletionSource? Gate { get; set; }
        public bool FailNext { get; set; }

        public override async Task DecodeAsync(string source, Chunk chunk, string target, int threads, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Gate is { } gate) await gate.Task;
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("the source is corrupt here");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, new byte[100], cancellationToken);
        }
    }
}