using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// <see cref="TrickPlayMaker"/> on a generated source whose colour changes every 2 s: each tile is the source's frame at
/// the start of its interval (not the one before it, nor the middle of the interval, which ffmpeg's fps filter would
/// pick), sheets fill row by row, a stream that starts late (MPEG-TS with an offset, like the assembled renditions) gives
/// the same tiles, and keyframes alone are decoded only where they are those frames.
/// </summary>
public sealed class TrickPlayMakerTests : IAsyncLifetime
{
    private const double Seconds = 10; // 5 colours of 2 s
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"netflix-trickplay-{Guid.NewGuid():N}");
    private string In(string name) => Path.Combine(_folder, name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await TrickPlaySources.WriteAsync(In("colours.mp4"), colours: 5);
        await Task.WhenAll(
            FfmpegTool.RunAsync("-i", In("colours.mp4"), "-c", "copy", "-output_ts_offset", "1", "-f", "mpegts", In("colours-offset.ts")),
            TrickPlaySources.WriteRenditionAsync(In("colours.mp4"), In("rendition.ts"), keyframeSeconds: 2),
            TrickPlaySources.WriteRenditionAsync(In("colours.mp4"), In("rendition-other-keyframes.ts"), keyframeSeconds: 2, aligned: false));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("colours.mp4", 640, 360, false)] // x264's default GOP: one keyframe
    [InlineData("colours-offset.ts", 640, 360, false)]
    [InlineData("rendition.ts", 426, 240, true)] // a keyframe on every 2 s: keyframes alone are decoded
    [InlineData("rendition-other-keyframes.ts", 426, 240, false)] // keyframes every 37 frames: found out, every frame decoded
    public async Task EachTile_IsTheFrameAtTheStartOfItsInterval_InSheetsFilledRowByRow(string input, int width, int height, bool keyframesOnly)
    {
        var title = In($"title-{Path.GetFileNameWithoutExtension(input)}");
        var folder = Path.Combine(title, TrickPlayMaker.Folder);
        var options = new TrickPlayOptions { Interval = TimeSpan.FromSeconds(4), TileWidth = 240, Columns = 2, Rows = 1 };

        var made = await TrickPlayMaker.MakeAsync(In(input), width, height, TrickPlaySources.FrameRate, TimeSpan.FromSeconds(Seconds), TimeSpan.FromSeconds(2),
            title, folder, options, threads: 1, CancellationToken.None);

        var track = made.Track;
        Assert.Equal(keyframesOnly, made.KeyframesOnly);
        Assert.Equal(("trickplay/thumbnails.vtt", 4.0, 240, 136, 3, 2), (track.Vtt, track.IntervalSeconds, track.TileWidth, track.TileHeight, track.Count, track.Sheets));
        Assert.Equal(["sheet-001.jpg", "sheet-002.jpg", "thumbnails.vtt"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal((480, 136), await TrickPlaySources.SizeAsync(Path.Combine(folder, "sheet-001.jpg")));
        Assert.Equal((480, 136), await TrickPlaySources.SizeAsync(Path.Combine(folder, "sheet-002.jpg"))); // padded
        var vtt = await File.ReadAllTextAsync(Path.Combine(title, track.Vtt));
        Assert.Equal(TrickPlayVtt.Write(track, TimeSpan.FromSeconds(Seconds)), vtt);

        var cues = TrickPlayVtt.Parse(vtt);
        Assert.Equal([0.0, 4, 8], cues.Select(c => c.Start.TotalSeconds));
        Assert.Equal([4.0, 8, 10], cues.Select(c => c.End.TotalSeconds));
        Assert.Equal([("sheet-001.jpg", 0), ("sheet-001.jpg", 240), ("sheet-002.jpg", 0)], cues.Select(c => (c.Sheet, c.X)));
        var source = In("colours.mp4");
        foreach (var cue in cues)
        {
            var at = cue.Start.TotalSeconds;
            var tile = await TrickPlaySources.TileAsync(folder, cue);
            var same = TrickPlaySources.MeanAbsoluteDifference(tile, await TrickPlaySources.FrameAsync(source, at, cue.Width, cue.Height));
            Assert.True(same < 10, $"tile at {at} s differs from the source's frame there by {same:0.0}");
            // The frame just before (what fps=1/N:round=up picks where frames are not on the boundary) and the middle of the
            // interval (what fps=1/N picks): other colours.
            foreach (var other in new[] { at - 1.0 / TrickPlaySources.FrameRate, at + 2 }.Where(t => t is >= 0 and < Seconds))
            {
                var difference = TrickPlaySources.MeanAbsoluteDifference(tile, await TrickPlaySources.FrameAsync(source, other, cue.Width, cue.Height));
                Assert.True(difference > 4 * same && difference > 40, $"tile at {at} s is {difference:0.0} from the frame at {other:0.00} s and {same:0.0} from its own");
            }
        }
    }

    [Fact]
    public async Task AGridOfTenByTen_HoldsEveryTileInOneSheet()
    {
        var title = In("title-grid");
        var made = await TrickPlayMaker.MakeAsync(In("colours.mp4"), 640, 360, TrickPlaySources.FrameRate, TimeSpan.FromSeconds(Seconds), null, title,
            Path.Combine(title, "trickplay"), new TrickPlayOptions(), threads: 1, CancellationToken.None);

        var track = made.Track;
        Assert.Equal((4.0, 240, 136, 10, 10, 3, 1), (track.IntervalSeconds, track.TileWidth, track.TileHeight, track.Columns, track.Rows, track.Count, track.Sheets));
        Assert.Equal((2400, 1360), await TrickPlaySources.SizeAsync(Path.Combine(title, "trickplay", "sheet-001.jpg")));
        Assert.False(made.KeyframesOnly); // no keyframe spacing given
    }

    [Fact]
    public async Task AnInputFfmpegCannotRead_FailsWithItsReason_AndBadOptionsAreRefused()
    {
        await File.WriteAllBytesAsync(In("garbage.mp4"), new byte[4096]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TrickPlayMaker.MakeAsync(In("garbage.mp4"), 640, 360, 25, TimeSpan.FromSeconds(5),
            null, In("t"), In("t/trickplay"), new TrickPlayOptions(), 1, CancellationToken.None));
        Assert.Contains("could not make thumbnails", error.Message);

        await Assert.ThrowsAsync<ArgumentException>(() => TrickPlayMaker.MakeAsync(In("colours.mp4"), 640, 360, 24, TimeSpan.FromSeconds(5),
            null, In("t"), In("t/trickplay"), new TrickPlayOptions { Interval = TimeSpan.Zero }, 1, CancellationToken.None));
    }

    [Theory]
    [InlineData(new[] { 0.0, 4, 8 }, 24, 10.0, true)]
    [InlineData(new[] { 0.0, 4.004, 8.008 }, 29.97, 10.0, true)] // 29.97 fps: the first frame at or after 4 s is at 4.004 s
    [InlineData(new[] { 0.0, 4.5, 8 }, 24, 10.0, false)] // a keyframe half a second late: not the frame at 4 s
    [InlineData(new[] { 0.0, 4 }, 24, 10.0, false)] // no keyframe in the last interval
    [InlineData(new[] { 0.0, 4, 8 }, 24, 8.0, false)] // a tile for a frame that is not there
    [InlineData(new[] { 0.0, 4, 8 }, 24, 8.0417, true)] // the last frame is at 8 s
    public void AreFirstFrames_AcceptsKeyframesOnlyWhenTheyAreTheFramesAFullDecodeKeeps(double[] times, double frameRate, double seconds, bool expected) =>
        Assert.Equal(expected, TrickPlayMaker.AreFirstFrames(times, 4, frameRate, TimeSpan.FromSeconds(seconds)));
}
