using System.Globalization;
using FFMpegCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>Real x264 encodes of a generated 10 s 640x360 source, chunk by chunk, in its renditions (360p, 240p, 144p).</summary>
public sealed class ChunkEncoderTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"netflix-chunks-{Guid.NewGuid():N}");
    private readonly EncodingOptions _options = new() { Segment = TimeSpan.FromSeconds(2), SegmentsPerChunk = 2, Preset = "veryfast" };
    private string Source => Path.Combine(_folder, "source.mp4");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=10", "-c:v", "libx264", "-preset", "ultrafast",
            "-pix_fmt", "yuv420p", "-g", "250", Source);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EveryChunk_HasItsFrames_AGoodPsnr_AndKeyframesOnTheSameSegmentBoundariesInEveryRendition()
    {
        var chunks = ChunkPlan.Split(TimeSpan.FromSeconds(10), _options.Segment, _options.SegmentsPerChunk);
        var encoder = new ChunkEncoder();
        var keyframesByRendition = new Dictionary<string, double[]>();

        foreach (var rendition in Ladder.For(640, 360))
        {
            var parts = new List<string>();
            foreach (var chunk in chunks)
            {
                var output = Path.Combine(_folder, rendition.Name, $"chunk-{chunk.Index:D4}.ts");
                var encoded = await encoder.EncodeAsync(Source, chunk, rendition, 25, output, _options, CancellationToken.None);

                Assert.Equal((int)(chunk.Duration.TotalSeconds * 25), encoded.Frames);
                Assert.InRange(encoded.PsnrDb, _options.PsnrFloorDb, 100);
                Assert.True(File.Exists(output));
                Assert.False(File.Exists(output + ".partial"));
                parts.Add(output);
            }

            // The chunks, joined byte for byte, are one continuous rendition on the shared timeline.
            var joined = Path.Combine(_folder, $"{rendition.Name}.ts");
            await using (var target = File.Create(joined))
            {
                foreach (var part in parts) await using (var stream = File.OpenRead(part)) await stream.CopyToAsync(target);
            }
            var packets = await MediaProbe.VideoPacketsAsync(joined);
            Assert.Equal(250, packets.Count);
            keyframesByRendition[rendition.Name] = packets.Where(p => p.Flags.Contains('K')).Select(p => Math.Round(MediaProbe.PacketSeconds(p.PtsTime), 2)).Order().ToArray();
        }

        var expected = new[] { 1.0, 3, 5, 7, 9 }; // every 2 s segment, on the 1 s timeline offset
        Assert.All(keyframesByRendition.Values, keyframes => Assert.Equal(expected, keyframes));
    }

    [Fact]
    public async Task AChunkUnderThePsnrFloor_IsRefused_AndLeavesNoFile()
    {
        var chunk = ChunkPlan.Split(TimeSpan.FromSeconds(10), _options.Segment, 2)[0];
        var output = Path.Combine(_folder, "strict", "chunk-0000.ts");
        var strict = new EncodingOptions { Segment = _options.Segment, PsnrFloorDb = 99 };

        var error = await Assert.ThrowsAsync<ChunkValidationException>(() =>
            new ChunkEncoder().EncodeAsync(Source, chunk, Ladder.For(640, 360)[^1], 25, output, strict, CancellationToken.None));

        Assert.Contains("under the 99 dB floor", error.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task AChunkEncodedFromItsSharedDecodedFrames_IsTheSameByteForByte_AsOneEncodedFromTheSource()
    {
        // Chunk 1 starts at 4 s, inside the source's first GOP (250 frames): the seek decodes from 0.
        var chunk = ChunkPlan.Split(TimeSpan.FromSeconds(10), _options.Segment, _options.SegmentsPerChunk)[1];
        var rendition = Ladder.For(640, 360)[^1];
        var frames = Path.Combine(_folder, "frames", "chunk-0001.nut");

        await new ChunkFrameDecoder().DecodeAsync(Source, chunk, frames, 1, CancellationToken.None);
        var fromFrames = await new ChunkEncoder().EncodeAsync(ChunkInput.DecodedFrames(frames), chunk, rendition, 25,
            Path.Combine(_folder, "shared.ts"), _options, CancellationToken.None);
        var fromSource = await new ChunkEncoder().EncodeAsync(Source, chunk, rendition, 25, Path.Combine(_folder, "own.ts"), _options, CancellationToken.None);

        Assert.Equal(100, fromFrames.Frames);
        Assert.False(File.Exists(frames + ".partial"));
        Assert.Equal(await File.ReadAllBytesAsync(fromSource.Path), await File.ReadAllBytesAsync(fromFrames.Path));
        Assert.Equal(fromSource.PsnrDb, fromFrames.PsnrDb);
    }

    [Fact]
    public async Task TheSequentialDecode_WritesEveryChunksFrames_InRoomForOneChunkAtATime_AndEncodesFromThemMatchTheSourceByteForByte()
    {
        // Room for one chunk's frames: the decode must pause after each chunk until its rendition is done with it.
        var chunks = ChunkPlan.Split(TimeSpan.FromSeconds(10), _options.Segment, _options.SegmentsPerChunk);
        var rendition = Ladder.For(640, 360)[^1];
        var chunkBytes = OneChunkBytes;
        using var frames = FramesWithRoomFor(chunkBytes);
        var folder = Path.Combine(_folder, "sequential");
        var split = new FrameSplit(chunks, frames.Expect(
            [.. chunks.Select(c => (new SharedFrames(Path.Combine(_folder, "frames", $"chunk-{c.Index}.nut"), 1, chunkBytes), true))],
            i => SequentialSourceDecode.ChunkFile(folder, i)));
        var mostFilesAtOnce = 0;

        // These small chunks would take ffmpeg milliseconds each: the realtime filter paces it at 4x, 1 s a chunk,
        // longer than a poll is late when the test host's thread pool is busy.
        var decoding = Task.Run(() => SequentialSourceDecode.RunAsync(Source, "realtime=speed=4", 1, split, _ => { }, TimeSpan.FromMinutes(2),
            CancellationToken.None, pollEvery: TimeSpan.FromMilliseconds(20)));
        foreach (var chunk in chunks)
        {
            var work = new ChunkWork("job", Source, chunk, rendition, 25, Path.Combine(_folder, "seq", $"chunk-{chunk.Index}.ts"),
                new SharedFrames(Path.Combine(_folder, "frames", $"chunk-{chunk.Index}.nut"), 1, chunkBytes));
            using var lease = await frames.AcquireAsync(work, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
            await Task.Delay(300); // long enough for the decode to run ahead if it were not paused
            mostFilesAtOnce = Math.Max(mostFilesAtOnce, Directory.GetFiles(folder, "*.nut").Length);

            var fromFrames = await new ChunkEncoder().EncodeAsync(ChunkInput.DecodedFrames(lease.Path), chunk, rendition, 25, work.OutputPath, _options, CancellationToken.None);
            var fromSource = await new ChunkEncoder().EncodeAsync(Source, chunk, rendition, 25, Path.Combine(_folder, "own", $"chunk-{chunk.Index}.ts"), _options, CancellationToken.None);
            Assert.Equal(await File.ReadAllBytesAsync(fromSource.Path), await File.ReadAllBytesAsync(fromFrames.Path));
            lease.Complete();
        }

        Assert.True(await decoding);
        Assert.Equal(0, frames.Decodes); // no chunk decoded on its own
        Assert.InRange(mostFilesAtOnce, 1, 2); // the chunk in use, and at most the next being written
        Assert.Empty(Directory.GetFiles(folder, "*.nut"));
        Assert.Equal(0, frames.BytesHeld);
    }

    [Fact]
    public async Task TheSequentialDecode_OfASourceThatIsOneChunk_WritesItWhole()
    {
        var chunk = new Chunk(0, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        using var frames = FramesWithRoomFor(new EncodingOptions().SharedFramesBytes);
        var folder = Path.Combine(_folder, "one");
        var shared = new SharedFrames(Path.Combine(_folder, "frames", "whole.nut"), 1, 1);
        var split = new FrameSplit([chunk], frames.Expect([(shared, true)], i => SequentialSourceDecode.ChunkFile(folder, i)));

        Assert.True(await SequentialSourceDecode.RunAsync(Source, "null", 1, split, _ => { }, TimeSpan.FromMinutes(1), CancellationToken.None));
        using var lease = await frames.AcquireAsync(new ChunkWork("job", Source, chunk, Ladder.For(640, 360)[^1], 25, Path.Combine(_folder, "one.ts"), shared),
            CancellationToken.None);

        Assert.Equal(250, (await MediaProbe.VideoPacketsAsync(lease.Path)).Count);
    }

    [Fact]
    public async Task TheSequentialDecode_PausedForRoom_StopsWhenCancelled_AndTheNextChunkIsThenDecodedByItsRendition()
    {
        var chunks = ChunkPlan.Split(TimeSpan.FromSeconds(10), _options.Segment, _options.SegmentsPerChunk);
        var rendition = Ladder.For(640, 360)[^1];
        var chunkBytes = OneChunkBytes;
        using var frames = FramesWithRoomFor(chunkBytes);
        SharedFrames Shared(Chunk c) => new(Path.Combine(_folder, "frames", $"cancel-{c.Index}.nut"), 1, chunkBytes);
        ChunkWork Work(Chunk c) => new("job", Source, c, rendition, 25, Path.Combine(_folder, "cancel", $"chunk-{c.Index}.ts"), Shared(c));
        var folder = Path.Combine(_folder, "cancelled");
        var split = new FrameSplit(chunks, frames.Expect([.. chunks.Select(c => (Shared(c), true))], i => SequentialSourceDecode.ChunkFile(folder, i)));
        using var stop = new CancellationTokenSource();

        var decoding = Task.Run(() => SequentialSourceDecode.RunAsync(Source, "realtime=speed=4", 1, split, _ => { }, TimeSpan.FromMinutes(2),
            stop.Token, pollEvery: TimeSpan.FromMilliseconds(20)));
        var first = await frames.AcquireAsync(Work(chunks[0]), CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        await Task.Delay(1500); // chunk 1 is written meanwhile; the decode waits for room for it, paused
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decoding.WaitAsync(TimeSpan.FromSeconds(15)));
        first.Complete();
        first.Dispose();
        Assert.Equal(0, frames.BytesHeld); // the cancelled wait for room holds nothing
        using var second = await frames.AcquireAsync(Work(chunks[1]), CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, frames.Decodes); // decoded by its rendition, the sequential decode being gone
        Assert.Equal(100, (await MediaProbe.VideoPacketsAsync(second.Path)).Count);
    }

    [Fact]
    public async Task AChunkWhoseSharedFramesAreBroken_IsEncodedFromTheSourceInstead()
    {
        var chunk = ChunkPlan.Split(TimeSpan.FromSeconds(10), _options.Segment, _options.SegmentsPerChunk)[1];
        var shared = new SharedFrames(Path.Combine(_folder, "frames", "broken.nut"), 1, OneChunkBytes);
        using var frames = FramesWithRoomFor(OneChunkBytes);
        var brokenDecode = frames.Expect([(shared, true)], _ => shared.Path)[0];
        Directory.CreateDirectory(Path.GetDirectoryName(shared.Path)!);
        await File.WriteAllBytesAsync(shared.Path, new byte[4096]); // "frames" that are not media at all
        await brokenDecode.ReserveAsync();
        brokenDecode.Arrived();
        var options = Options.Create(_options);
        var (worker, _, _) = Worker(frames, options);
        var work = new ChunkWork("job", Source, chunk, Ladder.For(640, 360)[^1], 25, Path.Combine(_folder, "fallback", "chunk-0001.ts"), shared);

        var encoded = await worker.EncodeAsync(work, CancellationToken.None);

        Assert.Equal(100, encoded.Frames);
        Assert.InRange(encoded.PsnrDb, _options.PsnrFloorDb, 100);
        Assert.False(File.Exists(shared.Path)); // the rendition is done with them: deleted
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheRenditionsOfAChunk_ShareOneDecodeOfTheSource_OneDecodeCheck_AndOneEncodeProcessUnlessTurnedOff(bool together)
    {
        var chunk = ChunkPlan.Split(TimeSpan.FromSeconds(10), _options.Segment, _options.SegmentsPerChunk)[1];
        var ladder = Ladder.For(640, 360);
        var shared = new SharedFrames(Path.Combine(_folder, "frames", "chunk-0001.nut"), ladder.Length, OneChunkBytes);
        using var frames = FramesWithRoomFor(OneChunkBytes);
        var options = Options.Create(new EncodingOptions
        {
            Segment = _options.Segment, SegmentsPerChunk = _options.SegmentsPerChunk, Preset = _options.Preset, MaxConcurrentEncodes = 2,
            EncodeRenditionsTogether = together,
        });
        var (worker, encodes, checks) = Worker(frames, options);

        var encoded = await Task.WhenAll(ladder.Select(rendition => worker.EncodeAsync(
            new ChunkWork("job", Source, chunk, rendition, 25, Path.Combine(_folder, "both", rendition.Name, "chunk-0001.ts"), shared), CancellationToken.None)));

        Assert.All(encoded, e => Assert.Equal(100, e.Frames));
        Assert.All(encoded, e => Assert.True(File.Exists(e.Path)));
        Assert.Equal(1, frames.Decodes);
        Assert.Equal(together ? 1 : ladder.Length, encodes.Processes);
        Assert.Equal(1, checks.Processes);
    }

    [Fact]
    public async Task RenditionsEncodedTogether_AreTheSameFiles_AsEachEncodedAlone()
    {
        var chunk = ChunkPlan.Split(TimeSpan.FromSeconds(10), _options.Segment, _options.SegmentsPerChunk)[1];
        var ladder = Ladder.For(640, 360);
        var encoder = new ChunkEncoder();

        var together = await encoder.EncodeUncheckedAsync(ChunkInput.WholeSource(Source), chunk,
            [.. ladder.Select(r => new EncodeTarget(r, Path.Combine(_folder, "together", $"{r.Name}.ts")))], 25, _options, CancellationToken.None);

        Assert.Equal(ladder.Length, together.Length);
        foreach (var (rendition, i) in ladder.Select((r, i) => (r, i)))
        {
            var alone = await encoder.EncodeAsync(Source, chunk, rendition, 25, Path.Combine(_folder, "alone", $"{rendition.Name}.ts"), _options, CancellationToken.None);
            Assert.Equal(rendition, together[i].Rendition);
            Assert.Equal(await File.ReadAllBytesAsync(alone.Path), await File.ReadAllBytesAsync(together[i].Partial));
            Assert.Equal(alone.PsnrDb, together[i].PsnrDb); // each output's own x264 summary, not another's
        }
    }

    [Fact]
    public async Task WhenTheSharedProcessFails_EachRenditionIsEncodedAlone_AndOnlyTheBadOneFails()
    {
        var chunk = ChunkPlan.Split(TimeSpan.FromSeconds(10), _options.Segment, _options.SegmentsPerChunk)[1];
        var good = Ladder.For(640, 360)[1];
        var bad = good with { Name = "odd", Width = 427 }; // x264 refuses an odd width for 4:2:0: the shared process fails to start encoding
        var options = Options.Create(_options);
        var (_, encodes, _) = Worker(FramesWithRoomFor(OneChunkBytes), options);
        var tickets = new[] { encodes.Join("job/1"), encodes.Join("job/1") };

        var results = new[] { good, bad }.Zip(tickets).Select(r => r.Second.RunAsync(new ChunkEncodeRequest(ChunkInput.WholeSource(Source),
            new ChunkWork("job", Source, chunk, r.First, 25, Path.Combine(_folder, "isolated", r.First.Name, "chunk.ts"))), CancellationToken.None)).ToArray();

        Assert.InRange((await results[0]).PsnrDb, _options.PsnrFloorDb, 100);
        var failure = await Assert.ThrowsAsync<FfmpegFailure>(() => results[1]);
        Assert.StartsWith("encoding chunk 1 odd: ", failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "isolated", "odd", "chunk.ts.partial")));
        Assert.Equal(1 + 2, encodes.Processes); // together, then each alone
    }

    /// <summary>The raw frames of one 4 s chunk of the 640x360 25 fps source.</summary>
    private const long OneChunkBytes = 640L * 360 * 3 / 2 * 100;

    private static (ChunkWorker Worker, ChunkEncodes Encodes, ChunkDecodeChecks Checks) Worker(SharedChunkFrames frames, IOptions<EncodingOptions> options)
    {
        var slots = new FfmpegSlots(options);
        var encodes = new ChunkEncodes(new ChunkEncoder(), slots, options, NullLogger<ChunkEncodes>.Instance);
        var checks = new ChunkDecodeChecks(slots, options, NullLogger<ChunkDecodeChecks>.Instance);
        return (new ChunkWorker(frames, encodes, checks, options, NullLogger<ChunkWorker>.Instance), encodes, checks);
    }

    private static SharedChunkFrames FramesWithRoomFor(long bytes)
    {
        var encoding = Options.Create(new EncodingOptions { SharedFramesBytes = bytes, MaxConcurrentEncodes = 1 });
        return new SharedChunkFrames(new ChunkFrameDecoder(), new FfmpegSlots(encoding), encoding, TimeProvider.System, NullLogger<SharedChunkFrames>.Instance);
    }
}
