using Orleans.Netflix.Media;
using Orleans.Netflix.Media.Hls;

namespace Orleans.Netflix.Tests.Media;

/// <summary>The shared HLS module: what the writer writes, the parser reads back, and the height filter cuts as a capped token sees it.</summary>
public sealed class HlsModuleTests
{
    private static readonly VideoTrack[] Video =
    [
        new(new Rendition("360p", 640, 360, 800), "video-360p/index.m3u8", 900_000, 800_000, "avc1.64001e", 25),
        new(new Rendition("720p", 1280, 720, 2500), "video-720p/index.m3u8", 2_800_000, 2_500_000, "avc1.64001f", 25),
    ];

    private static readonly AudioTrack[] Audio = [new("en", 128, "audio-en-128k/index.m3u8", "mp4a.40.2", true), new("en", 64, "audio-en-64k/index.m3u8", "mp4a.40.2", true)];

    [Fact]
    public void AWrittenMaster_ReadsBack_TallestFirst_EachVariantWithItsAudioGroup()
    {
        var master = HlsParser.ParseMaster(HlsWriter.WriteMaster(Video, Audio, [new SubtitleTrack("en", "subs-en/index.m3u8", false)]));

        Assert.Equal(["video-720p/index.m3u8", "video-360p/index.m3u8"], master.Variants.Select(v => v.Uri));
        Assert.Equal((1280, 720, "audio-128k"), (master.Variants[0].Width, master.Variants[0].Height, master.Variants[0].AudioGroup));
        Assert.Equal(2_800_000 + 128_000, master.Variants[0].Bandwidth); // the video's peak plus its paired audio
        Assert.Equal("audio-64k", master.Variants[1].AudioGroup);
        Assert.Equal(["audio-en-128k/index.m3u8", "audio-en-64k/index.m3u8"], master.Audio.Select(a => a.Uri));
    }

    [Fact]
    public void ACappedMaster_LosesTheTallerVariantsAndTheirUris_AndKeepsEveryOtherLine()
    {
        var written = HlsWriter.WriteMaster(Video, Audio, []);
        var capped = HlsFilters.WithoutTallerThan(written, 480);

        Assert.Equal(["video-360p/index.m3u8"], HlsParser.ParseMaster(capped).Variants.Select(v => v.Uri));
        Assert.Equal(written.Split('\n').Length - 2, capped.Split('\n').Length);
        Assert.Equal(written, HlsFilters.WithoutTallerThan(written, 720));
    }

    [Fact]
    public void ASubtitlePlaylist_ReadsBackAsOneSegment()
    {
        var media = HlsParser.ParseMedia(HlsWriter.WriteSingleSegment("subtitles.vtt", 9.5));

        Assert.Equal([new HlsSegment("subtitles.vtt", 9.5)], media.Segments);
        Assert.Equal(10, media.TargetDuration);
        Assert.True(media.Ended);
        Assert.Null(media.InitUri);
    }

    [Theory]
    [InlineData("<html>not a playlist</html>", "no #EXTM3U")]
    [InlineData("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n", "without a URI")]
    [InlineData("#EXTM3U\n#EXT-X-VERSION:7\n", "no variant")]
    public void AnythingButAMasterPlaylist_IsRefusedWithAOneLineReason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => HlsParser.ParseMaster(text));
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AMediaPlaylistWithASegmentButNoExtinf_IsRefused() =>
        Assert.Contains("has no EXTINF", Assert.Throws<FormatException>(() => HlsParser.ParseMedia("#EXTM3U\n#EXT-X-TARGETDURATION:4\nseg-00000.m4s\n")).Message);
}
