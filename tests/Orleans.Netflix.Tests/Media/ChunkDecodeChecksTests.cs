using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// The decode checks of encoded chunks, the renditions of one chunk in one ffmpeg: real x264 chunks of a
/// generated 8 s 640x360 source (two 4 s chunks), in its three renditions (360p, 240p, 144p).
/// </summary>
public sealed class ChunkDecodeChecksTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"netflix-checks-{Guid.NewGuid():N}");
    private readonly EncodingOptions _options = new() { Segment = TimeSpan.FromSeconds(2), SegmentsPerChunk = 2, MaxConcurrentEncodes = 2 };
    private readonly List<UncheckedChunk> _encoded = [];
    private string Source => Path.Combine(_folder, "source.mp4");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=8", "-c:v", "libx264", "-preset", "ultrafast",
            "-pix_fmt", "yuv420p", Source);
        var chunk = ChunkPlan.Split(TimeSpan.FromSeconds(8), _options.Segment, _options.SegmentsPerChunk)[1];
        foreach (var rendition in Ladder.For(640, 360))
            _encoded.Add((await new ChunkEncoder().EncodeUncheckedAsync(ChunkInput.WholeSource(Source), chunk,
                [new EncodeTarget(rendition, Path.Combine(_folder, $"{rendition.Name}.ts"))], 25, _options, CancellationToken.None))[0]);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheRenditionsOfAChunk_AreDecodedByOneProcess_EachWithItsOwnFrameCount()
    {
        var checks = Checks();
        var tickets = _encoded.Select(_ => checks.Join("job/1")).ToList();

        // Handed in one by one, as the encodes finish: nothing is decoded before the last one.
        var results = new List<Task<ChunkDecodeResult>>();
        foreach (var (ticket, encoded) in tickets.Zip(_encoded))
        {
            Assert.All(results, r => Assert.False(r.IsCompleted));
            results.Add(ticket.RunAsync(encoded.Partial, CancellationToken.None));
        }

        Assert.All(await Task.WhenAll(results), r => Assert.Equal(new ChunkDecodeResult(100, null), r));
        Assert.Equal(1, checks.Processes);
        Assert.All(_encoded, e => Assert.Equal(100, ChunkEncoder.Accept(e, new ChunkDecodeResult(100, null), _options.PsnrFloorDb).Frames));
    }

    [Fact]
    public async Task ARenditionThatLeaves_DoesNotKeepTheOthersWaiting()
    {
        var checks = Checks();
        using var first = checks.Join("job/1");
        var second = checks.Join("job/1");

        var check = first.RunAsync(_encoded[0].Partial, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(check.IsCompleted); // the second rendition is still encoding
        second.Dispose(); // it failed: it will hand in nothing

        Assert.Equal(new ChunkDecodeResult(100, null), await check.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, checks.Processes);
    }

    [Fact]
    public async Task OtherChunks_AreOtherGroups()
    {
        var checks = Checks();
        var waiting = checks.Join("job/2"); // another chunk, still encoding

        using var only = checks.Join("job/1");
        Assert.Equal(100, (await only.RunAsync(_encoded[0].Partial, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60))).Frames);
        waiting.Dispose();
    }

    [Fact]
    public async Task ACorruptRendition_IsRefused_AndTheOthersOfItsGroupStillPass()
    {
        var corrupt = _encoded[0];
        await using (var file = new FileStream(corrupt.Partial, FileMode.Open))
        {
            file.Position = file.Length / 3;
            var garbage = new byte[file.Length / 3];
            new Random(7).NextBytes(garbage);
            await file.WriteAsync(garbage);
        }
        var checks = Checks();
        var tickets = _encoded.Select(_ => checks.Join("job/1")).ToList();

        var results = await Task.WhenAll(tickets.Zip(_encoded).Select(t => t.First.RunAsync(t.Second.Partial, CancellationToken.None)));

        Assert.False(results[0].Clean && results[0].Frames == 100);
        Assert.Throws<ChunkValidationException>(() => ChunkEncoder.Accept(corrupt, results[0], _options.PsnrFloorDb));
        Assert.False(File.Exists(corrupt.Partial));
        Assert.Equal(new ChunkDecodeResult(100, null), results[1]);
        // The group's decoder errors name no file: each was decoded again on its own.
        Assert.Equal(1 + _encoded.Count, checks.Processes);
    }

    [Fact]
    public async Task AMissingFile_FailsOnlyItsOwnCheck()
    {
        var checks = Checks();
        var tickets = _encoded.Take(2).Select(_ => checks.Join("job/1")).ToList();

        var missing = tickets[0].RunAsync(Path.Combine(_folder, "gone.ts"), CancellationToken.None);
        var present = tickets[1].RunAsync(_encoded[1].Partial, CancellationToken.None);

        await Assert.ThrowsAsync<FileNotFoundException>(() => missing);
        Assert.Equal(new ChunkDecodeResult(100, null), await present);
    }

    private ChunkDecodeChecks Checks()
    {
        var options = Options.Create(_options);
        return new ChunkDecodeChecks(new FfmpegSlots(options), options, NullLogger<ChunkDecodeChecks>.Instance);
    }
}
