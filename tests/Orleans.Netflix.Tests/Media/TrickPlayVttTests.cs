using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Media;

/// <summary>The trick-play WebVTT index: tile sizes, where each tile sits, the cues' times (the last interval partial), writing and reading.</summary>
public sealed class TrickPlayVttTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));

    [Theory]
    [InlineData(640, 360, 240, 240, 136)] // 135 rounds to the even 136
    [InlineData(426, 240, 240, 240, 136)]
    [InlineData(1920, 1080, 240, 240, 136)]
    [InlineData(1440, 1080, 240, 240, 180)] // 4:3
    [InlineData(720, 1280, 240, 240, 426)] // portrait
    [InlineData(160, 90, 240, 160, 90)] // never wider than the picture
    [InlineData(175, 99, 240, 174, 98)] // odd sizes: even tiles
    public void TileSize_KeepsTheAspect_WithEvenSides(int width, int height, int tileWidth, int expectedWidth, int expectedHeight) =>
        Assert.Equal((expectedWidth, expectedHeight), TrickPlayVtt.TileSize(width, height, tileWidth));

    [Fact]
    public void Cues_CoverEachIntervalFromItsStart_AndTheLastOneRunsToTheEnd()
    {
        // 23.4 s at 5 s: tiles at 0, 5, 10, 15, 20; the last interval is partial.
        var track = new TrickPlayTrack("trickplay/thumbnails.vtt", 5, 240, 136, 10, 10, 5);
        var cues = TrickPlayVtt.Cues(track, S(23.4));

        Assert.Equal([S(0), S(5), S(10), S(15), S(20)], cues.Select(c => c.Start));
        Assert.Equal([S(5), S(10), S(15), S(20), S(23.4)], cues.Select(c => c.End));
        Assert.All(cues, c => Assert.Equal(("sheet-001.jpg", 240, 136), (c.Sheet, c.Width, c.Height)));
        Assert.Equal([0, 240, 480, 720, 960], cues.Select(c => c.X));
        Assert.All(cues, c => Assert.Equal(0, c.Y));
        Assert.Equal(S(10), TrickPlayVtt.At(cues, S(14.999))!.Start);
        Assert.Equal(S(15), TrickPlayVtt.At(cues, S(15))!.Start);
        Assert.Equal(S(20), TrickPlayVtt.At(cues, S(23.399))!.Start);
        Assert.Null(TrickPlayVtt.At(cues, S(23.4)));
    }

    [Fact]
    public void ALastTileWhoseFrameIsWithinTheLastFrameOfTheEnd_StillGetsACue()
    {
        // The media ends a frame after 10 s: the tile of the frame at 10 s covers [10, 10.04).
        var track = new TrickPlayTrack("trickplay/thumbnails.vtt", 5, 240, 136, 10, 10, 3);
        var last = TrickPlayVtt.Cues(track, S(10.04))[^1];
        Assert.Equal((S(10), S(10.04)), (last.Start, last.End));
        // A duration that falls short of the last tile (rounded probes) still gives it a cue of at least a millisecond.
        var clipped = TrickPlayVtt.Cues(track, S(9.99));
        Assert.Equal(S(9.99), clipped[1].End);
        Assert.Equal((S(10), S(10.001)), (clipped[2].Start, clipped[2].End));
    }

    [Fact]
    public void TilesFillASheetRowByRow_ThenTheNextSheet()
    {
        var track = new TrickPlayTrack("trickplay/thumbnails.vtt", 5, 240, 136, 10, 10, 250);
        Assert.Equal((100, 3), (track.TilesPerSheet, track.Sheets));
        Assert.Equal((0, 0, 0), TrickPlayVtt.Position(track, 0));
        Assert.Equal((0, 2160, 0), TrickPlayVtt.Position(track, 9));
        Assert.Equal((0, 0, 136), TrickPlayVtt.Position(track, 10));
        Assert.Equal((0, 2160, 1224), TrickPlayVtt.Position(track, 99));
        Assert.Equal((1, 0, 0), TrickPlayVtt.Position(track, 100));
        Assert.Equal((2, 1200, 544), TrickPlayVtt.Position(track, 245));

        var cues = TrickPlayVtt.Cues(track, S(1249.5));
        Assert.Equal(("sheet-002.jpg", 0, 0), (cues[100].Sheet, cues[100].X, cues[100].Y));
        Assert.Equal(("sheet-003.jpg", 2160, 544), (cues[249].Sheet, cues[249].X, cues[249].Y));
        Assert.Equal((S(1245), S(1249.5)), (cues[249].Start, cues[249].End));
        Assert.Equal(1, new TrickPlayTrack("v", 5, 240, 136, 10, 10, 100).Sheets);
        Assert.Equal(2, new TrickPlayTrack("v", 5, 240, 136, 10, 10, 101).Sheets);
    }

    [Fact]
    public void Write_GivesTheThumbnailVttFormat_WhichParseReadsBack()
    {
        var track = new TrickPlayTrack("trickplay/thumbnails.vtt", 5, 240, 136, 2, 1, 3);
        var text = TrickPlayVtt.Write(track, S(12.5));

        Assert.Equal("""
            WEBVTT

            00:00:00.000 --> 00:00:05.000
            sheet-001.jpg#xywh=0,0,240,136

            00:00:05.000 --> 00:00:10.000
            sheet-001.jpg#xywh=240,0,240,136

            00:00:10.000 --> 00:00:12.500
            sheet-002.jpg#xywh=0,0,240,136

            """.Replace("\r\n", "\n"), text);
        Assert.Equal(TrickPlayVtt.Cues(track, S(12.5)), TrickPlayVtt.Parse(text));
    }

    [Fact]
    public void Times_AreHoursMinutesSecondsAndMilliseconds()
    {
        Assert.Equal("00:00:00.000", TrickPlayVtt.Time(TimeSpan.Zero));
        Assert.Equal("00:01:05.250", TrickPlayVtt.Time(S(65.25)));
        Assert.Equal("02:03:04.005", TrickPlayVtt.Time(S(2 * 3600 + 3 * 60 + 4.005)));
        Assert.Equal("10:00:00.000", TrickPlayVtt.Time(S(36000)));
    }

    [Fact]
    public void Parse_ReadsWhatOtherToolsWrite()
    {
        // Short times, cue identifiers, CRLF, a BOM, a NOTE, cue settings, a header with text, absolute URLs, no fragment.
        var text = "\uFEFFWEBVTT thumbnails\r\n\r\nNOTE made by hand\r\n\r\n1\r\n00:00.000 --> 00:04.500 align:start\r\nhttps://cdn.test/a/b.jpg#xywh=10,20,160,90\r\n\r\n"
                   + "2\r\n00:04.500 --> 01:02:03.004\r\nb.jpg\r\n\r\n00:10.000 --> 00:20.000\r\nc.jpg#xywh=pixel:1,2,3,4\r\n";
        var cues = TrickPlayVtt.Parse(text);

        Assert.Equal(3, cues.Count);
        Assert.Equal(new TrickPlayCue(S(0), S(4.5), "https://cdn.test/a/b.jpg", 10, 20, 160, 90), cues[0]);
        Assert.Equal(new TrickPlayCue(S(4.5), S(3723.004), "b.jpg", 0, 0, 0, 0), cues[1]);
        Assert.Equal(new TrickPlayCue(S(10), S(20), "c.jpg", 1, 2, 3, 4), cues[2]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("WEBVTTX\n")]
    [InlineData("00:00.000 --> 00:05.000\na.jpg\n")]
    public void Parse_RefusesAFileThatIsNotWebVtt(string text) => Assert.Throws<FormatException>(() => TrickPlayVtt.Parse(text));

    [Fact]
    public void Parse_SkipsBrokenCues_AndKeepsTheRest()
    {
        var cues = TrickPlayVtt.Parse("WEBVTT\n\n00:00.000 -> 00:05.000\na.jpg\n\n00:05.000 --> 00:10.000\n\n00:10.000 --> 00:15.000\nc.jpg#xywh=1,2,3\n");
        var cue = Assert.Single(cues);
        Assert.Equal(new TrickPlayCue(S(10), S(15), "c.jpg", 0, 0, 0, 0), cue);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(4.99, 0)]
    [InlineData(4.9996, 1)] // within half a millisecond: a time base's rounding, counted as 5 s
    [InlineData(5, 1)]
    [InlineData(9.9583, 1)]
    [InlineData(10.0417, 2)]
    public void Bucket_IsTheIntervalAFrameStarts(double seconds, int bucket) => Assert.Equal(bucket, TrickPlayMaker.Bucket(seconds, 5));
}
