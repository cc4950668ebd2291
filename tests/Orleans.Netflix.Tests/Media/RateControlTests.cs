using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// The pipeline's x264 rate control holds each rung's nominal bitrate in every segment, on a source that costs
/// bits (motion under fresh noise in every frame, which no encoder can predict), so a player that chooses by the
/// nominal bitrate gets what it chose.
/// </summary>
public sealed class RateControlTests : IAsyncLifetime
{
    private const int FrameRate = 30;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"netflix-rate-{Guid.NewGuid():N}");
    private readonly EncodingOptions _options = new(); // the pipeline's own: 4 s segments, two to a chunk
    private string Source => Path.Combine(_folder, "source.mp4");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        // Noise at 240p under finer noise at 360p, as the ABR benchmark's title: every rung spends near its cap above the PSNR floor.
        await FfmpegTool.RunAsync("-f", "lavfi", "-i", $"testsrc2=size=428x240:rate={FrameRate}:duration=8",
            "-vf", "noise=alls=12:allf=t,scale=640x360,noise=alls=6:allf=t",
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-pix_fmt", "yuv420p", Source);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EverySegmentOfEveryRung_CarriesNoMoreThanTheRungsNominalBitrate_OnNoiseAndMotion()
    {
        var chunk = ChunkPlan.Split(TimeSpan.FromSeconds(8), _options.Segment, _options.SegmentsPerChunk).Single();
        var carried = new List<string>();
        foreach (var rendition in Ladder.For(640, 360))
        {
            var output = Path.Combine(_folder, $"{rendition.Name}.ts");
            await new ChunkEncoder().EncodeAsync(Source, chunk, rendition, FrameRate, output, _options, CancellationToken.None);

            // Segments start at keyframes (one GOP each); the video stream's bytes of each, as kb/s of its play time.
            var packets = (await MediaProbe.VideoPacketsAsync(output)).OrderBy(p => MediaProbe.PacketSeconds(p.PtsTime)).ToArray();
            var starts = packets.Select((p, i) => (p, i)).Where(x => x.p.Flags.Contains('K')).Select(x => x.i).Append(packets.Length).ToArray();
            Assert.Equal(_options.SegmentsPerChunk, starts.Length - 1);
            for (var s = 0; s + 1 < starts.Length; s++)
            {
                var frames = packets[starts[s]..starts[s + 1]];
                var kbps = frames.Sum(p => (long)p.Size) * 8 / 1000.0 / ((double)frames.Length / FrameRate);
                carried.Add($"{rendition.Name} segment {s}: {kbps:0} kb/s of {rendition.VideoKbps}");
                // A busy segment spends near its cap (so the source is hard enough to show an overshoot), and never above it:
                // the old rate control (maxrate at the cap, a two-second buffer) carried 1.17 to 1.2 times the cap in a first segment here.
                Assert.True(kbps <= rendition.VideoKbps, $"over the cap: {string.Join("; ", carried)}");
                Assert.True(kbps >= 0.75 * rendition.VideoKbps, $"the source did not cost bits: {string.Join("; ", carried)}");
            }
        }
    }
}
