using Orleans.Netflix.Media.Hls;
using Orleans.Netflix.Web.Playback;

namespace Orleans.Netflix.Tests.Web;

public sealed class PathwayPlaylistTests
{
    private const string Master = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-INDEPENDENT-SEGMENTS

        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac-128",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio-en-128k/index.m3u8"
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,URI="subs-en/index.m3u8"

        #EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aac-128",SUBTITLES="subs"
        video-360p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=500000,RESOLUTION=320x180,CODECS="avc1.64000d,mp4a.40.2",AUDIO="aac-128",SUBTITLES="subs"
        video-180p/index.m3u8
        """;

    private static readonly Pathway[] Pathways =
    [
        new("edge-a", "edge-a", new Uri("http://127.0.0.1:9001/v1/TOKEN-A/titles/t-1/job-1/master.m3u8")),
        new("edge b", HlsFilters.PathwayIdOf("edge b"), new Uri("http://127.0.0.1:9002/v1/TOKEN-B/titles/t-1/job-1/master.m3u8")),
    ];

    [Fact]
    public void EveryVariantAndRendition_IsListedOncePerEdge_WithThatEdgesSignedAbsoluteUris()
    {
        var playlist = HlsFilters.WithPathways(Master, [.. Pathways.Select(p => p.ForHls)], "/api/sessions/s-1/steering");
        var lines = playlist.Split('\n');

        Assert.Contains("#EXT-X-CONTENT-STEERING:SERVER-URI=\"/api/sessions/s-1/steering\",PATHWAY-ID=\"edge-a\"", lines);
        Assert.Equal(4, lines.Count(l => l.StartsWith("#EXT-X-STREAM-INF:")));
        Assert.Equal(4, lines.Count(l => l.StartsWith("#EXT-X-MEDIA:")));
        Assert.Contains("http://127.0.0.1:9001/v1/TOKEN-A/titles/t-1/job-1/video-360p/index.m3u8", lines);
        Assert.Contains("http://127.0.0.1:9002/v1/TOKEN-B/titles/t-1/job-1/video-180p/index.m3u8", lines);
        Assert.Single(lines, l => l.Contains("URI=\"http://127.0.0.1:9002/v1/TOKEN-B/titles/t-1/job-1/audio-en-128k/index.m3u8\"") && l.Contains("GROUP-ID=\"aac-128.edge_b\""));

        // A variant refers to the rendition groups of its own pathway, and keeps the same stable id across pathways.
        var variantsOfB = lines.Where(l => l.Contains("PATHWAY-ID=\"edge_b\"")).ToArray();
        Assert.All(variantsOfB, l => Assert.Contains("AUDIO=\"aac-128.edge_b\"", l));
        Assert.All(variantsOfB, l => Assert.Contains("SUBTITLES=\"subs.edge_b\"", l));
        Assert.Contains("STABLE-VARIANT-ID=\"v0\"", variantsOfB[0]);
        Assert.Equal(3, lines.Count(l => l.StartsWith("#EXT-X-VERSION") || l.StartsWith("#EXT-X-INDEPENDENT") || l == "#EXTM3U"));
    }

    [Theory]
    [InlineData("<html>not a playlist</html>")]
    [InlineData("#EXTM3U\n#EXT-X-VERSION:7\n")]
    [InlineData("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n")]
    public void AnythingButAMasterPlaylist_IsRefused(string text) =>
        Assert.Throws<FormatException>(() => HlsFilters.WithPathways(text, [.. Pathways.Select(p => p.ForHls)], "/s"));
}
