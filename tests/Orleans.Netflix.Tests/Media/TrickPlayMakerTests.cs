using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// <see cref="TrickPlayMaker"/> on a generated source whose colour changes every 2.5 s: each tile is the source's frame at
/// the start of its interval (not the one before it, nor the middle of the interval, which ffmpeg's fps filter would
/// pick), sheets fill row by row, and a stream that starts late (MPEG-TS with an offset, like the assembled renditions)
/// gives the same tiles.
/// </summary>
public sealed class TrickPlayMakerTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"netflix-trickplay-{Guid.NewGuid():N}");
    private string In(string name) => Path.Combine(_folder, name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await TrickPlaySources.WriteAsync(In("colours.mp4"), colours: 5); // 12.5 s
        await FfmpegTool.RunAsync("-i", In("colours.mp4"), "-c", "copy", "-output_ts_offset", "1", "-f", "mpegts", In("colours-offset.ts"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("colours.mp4")]
    [InlineData("colours-offset.ts")]
    public async Task EachTile_IsTheFrameAtTheStartOfItsInterval_InSheetsFilledRowByRow(string input)
    {
        var title = In($"title-{Path.GetFileNameWithoutExtension(input)}");
        var folder = Path.Combine(title, TrickPlayMaker.Folder);
        var options = new TrickPlayOptions { Interval = TimeSpan.FromSeconds(5), TileWidth = 240, Columns = 2, Rows = 1 };

        var track = await TrickPlayMaker.MakeAsync(In(input), 640, 360, TimeSpan.FromSeconds(12.5), title, folder, options, threads: 1, CancellationToken.None);

        Assert.Equal(("trickplay/thumbnails.vtt", 5.0, 240, 136, 3, 2), (track.Vtt, track.IntervalSeconds, track.TileWidth, track.TileHeight, track.Count, track.Sheets));
        Assert.Equal(["sheet-001.jpg", "sheet-002.jpg", "thumbnails.vtt"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal((480, 136), await TrickPlaySources.SizeAsync(Path.Combine(folder, "sheet-001.jpg")));
        Assert.Equal((480, 136), await TrickPlaySources.SizeAsync(Path.Combine(folder, "sheet-002.jpg"))); // padded
        var vtt = await File.ReadAllTextAsync(Path.Combine(title, track.Vtt));
        Assert.Equal(TrickPlayVtt.Write(track, TimeSpan.FromSeconds(12.5)), vtt);

        var cues = TrickPlayVtt.Parse(vtt);
        Assert.Equal([0.0, 5, 10], cues.Select(c => c.Start.TotalSeconds));
        Assert.Equal([5.0, 10, 12.5], cues.Select(c => c.End.TotalSeconds));
        var source = In("colours.mp4");
        foreach (var cue in cues)
        {
            var at = cue.Start.TotalSeconds;
            var tile = await TrickPlaySources.TileAsync(folder, cue);
            var same = TrickPlaySources.MeanAbsoluteDifference(tile, await TrickPlaySources.FrameAsync(source, at, cue.Width, cue.Height));
            // The middle of the interval (what fps=1/5 picks), or for the last, partial one the middle of the interval before.
            var other = at + 2.5 < 12.5 ? at + 2.5 : at - 2.5;
            var middle = TrickPlaySources.MeanAbsoluteDifference(tile, await TrickPlaySources.FrameAsync(source, other, cue.Width, cue.Height));
            Assert.True(same < 8, $"tile at {at} s differs from the source's frame there by {same:0.0}");
            Assert.True(middle > 40, $"tile at {at} s is as close to the frame at {other} s ({middle:0.0}) as to its own ({same:0.0})");
            if (at > 0)
            {
                var before = TrickPlaySources.MeanAbsoluteDifference(tile, await TrickPlaySources.FrameAsync(source, at - 1.0 / TrickPlaySources.FrameRate, cue.Width, cue.Height));
                Assert.True(before > 40, $"tile at {at} s is as close to the frame before it ({before:0.0}) as to its own ({same:0.0})");
            }
        }
    }

    [Fact]
    public async Task AGridOfTenByTen_HoldsEveryTileInOneSheet()
    {
        var title = In("title-grid");
        var track = await TrickPlayMaker.MakeAsync(In("colours.mp4"), 640, 360, TimeSpan.FromSeconds(12.5), title, Path.Combine(title, "trickplay"),
            new TrickPlayOptions(), threads: 1, CancellationToken.None);

        Assert.Equal((5.0, 240, 136, 10, 10, 3, 1), (track.IntervalSeconds, track.TileWidth, track.TileHeight, track.Columns, track.Rows, track.Count, track.Sheets));
        Assert.Equal((2400, 1360), await TrickPlaySources.SizeAsync(Path.Combine(title, "trickplay", "sheet-001.jpg")));
    }

    [Fact]
    public async Task AnInputFfmpegCannotRead_FailsWithItsReason_AndBadOptionsAreRefused()
    {
        await File.WriteAllBytesAsync(In("garbage.mp4"), new byte[4096]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TrickPlayMaker.MakeAsync(In("garbage.mp4"), 640, 360, TimeSpan.FromSeconds(5),
            In("t"), In("t/trickplay"), new TrickPlayOptions(), 1, CancellationToken.None));
        Assert.Contains("could not make thumbnails", error.Message);

        await Assert.ThrowsAsync<ArgumentException>(() => TrickPlayMaker.MakeAsync(In("colours.mp4"), 640, 360, TimeSpan.FromSeconds(5),
            In("t"), In("t/trickplay"), new TrickPlayOptions { Interval = TimeSpan.Zero }, 1, CancellationToken.None));
    }
}
