using System.Net;
using System.Security.Cryptography;
using Orleans.Netflix.Common;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>Every kind of file a title holds goes out with one Content-Type, whoever sends it: origin, or an edge on either plane.</summary>
[Collection(EdgeCollection.Name)]
public sealed class MediaContentTypesTests(EdgeClusterFixture fixture)
{
    [Fact]
    public async Task OriginAndBothEdgePlanes_SendEachKindOfFile_WithTheSameContentType()
    {
        var title = $"t-types-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle(segmentBytes: 2_000);
        files["audio-und-128k/index.m3u8"] = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:4,\nseg-00000.m4s\n#EXT-X-ENDLIST\n"u8.ToArray();
        files["audio-und-128k/init.mp4"] = RandomNumberGenerator.GetBytes(600);
        files["trickplay/thumbnails.vtt"] = "WEBVTT\n\n00:00:00.000 --> 00:00:10.000\nsheet-001.jpg#xywh=0,0,160,90\n"u8.ToArray();
        files["trickplay/sheet-001.jpg"] = [0xFF, 0xD8, .. RandomNumberGenerator.GetBytes(500)];
        await fixture.PublishAsync(title, files);
        await using var nginx = await fixture.StartEdgeAsync($"e-types-n-{Guid.NewGuid():N}"[..20], dataPlane: DataPlanes.Nginx);
        await using var kestrel = await fixture.StartEdgeAsync($"e-types-k-{Guid.NewGuid():N}"[..20], dataPlane: DataPlanes.Kestrel);
        using var origin = new HttpClient();
        origin.DefaultRequestHeaders.Authorization = OriginCredentials.Header(TierKey.FromSetting(null)); // as an edge asks
        var token = EdgeClusterFixture.Token(title);

        var seen = new Dictionary<string, string>();
        foreach (var relative in files.Keys)
        {
            var path = $"titles/{title}/job-1/{relative}";
            var types = new[]
            {
                await ContentTypeAsync(origin, new Uri(fixture.OriginUrl + path)),
                // Twice on each edge: the miss (on the nginx plane, passed to EdgeServer) and the hit (sent by nginx itself).
                await ContentTypeAsync(nginx.Http, new Uri(nginx.Http.BaseAddress!, nginx.Url(token, path))),
                await ServedByNginxAsync(nginx.Http, nginx.Url(token, path)),
                await ContentTypeAsync(kestrel.Http, new Uri(kestrel.Http.BaseAddress!, kestrel.Url(token, path))),
                await ContentTypeAsync(kestrel.Http, new Uri(kestrel.Http.BaseAddress!, kestrel.Url(token, path))),
            };
            Assert.All(types, t => Assert.Equal(MediaContentTypes.For(path), t));
            seen[relative] = types[0];
        }

        // What a player needs of each kind, stated once more in words.
        Assert.Equal("application/vnd.apple.mpegurl", seen["master.m3u8"]);
        Assert.Equal("video/mp4", seen["video-360p/seg-00001.m4s"]);
        Assert.Equal("video/mp4", seen["video-360p/init.mp4"]);
        Assert.Equal("audio/mp4", seen["audio-und-128k/seg-00000.m4s"]);
        Assert.Equal("audio/mp4", seen["audio-und-128k/init.mp4"]);
        Assert.Equal("text/vtt; charset=utf-8", seen["subs-en/subtitles.vtt"]);
        Assert.Equal("image/jpeg", seen["trickplay/sheet-001.jpg"]);
    }

    /// <summary>The type nginx itself sends the file with, once the title's paths are in its map (a reload after the first request).</summary>
    private static async Task<string> ServedByNginxAsync(HttpClient http, string url)
    {
        string? type = null;
        await Eventually.TrueAsync(async () =>
        {
            using var hit = await http.GetAsync(url);
            if (!hit.Headers.TryGetValues("X-Served-By", out var by) || by.Single() != "nginx") return false;
            type = hit.Content.Headers.ContentType!.ToString();
            return true;
        }, seconds: 60);
        return type!;
    }

    private static async Task<string> ContentTypeAsync(HttpClient http, Uri url)
    {
        using var response = await http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url.AbsolutePath}: {(int)response.StatusCode}");
        return response.Content.Headers.ContentType!.ToString();
    }
}
