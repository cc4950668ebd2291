using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.EdgeServer.Cache;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>
/// The CDN's promise end to end: a title really encoded by the pipeline, played from the URL steering
/// hands out, comes whole from the edge, and the edge pulls each byte from origin once.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed partial class PlayerThroughEdgeTests(EdgeClusterFixture fixture)
{
    [Fact]
    public async Task AnIngestedTitle_PlayedFromItsSteeredUrl_ComesWholeFromTheEdge_EachFilePulledFromOriginOnce()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var titleId = $"t-play-{suffix}";
        var assets = await fixture.IngestAsync(titleId);
        await using var edge = await fixture.StartEdgeAsync($"e-play-{suffix}", location: $"site-{suffix}");
        var registry = fixture.Client.GetGrain<IEdgeRegistryGrain>("us-east");
        await Eventually.TrueAsync(async () => (await registry.Live()).Any(e => e.Report.EdgeId == edge.EdgeId));

        var steered = await fixture.Client.GetGrain<ISteeringGrain>("us-east").Steer(new SteeringRequest(titleId, $"s-{suffix}", "us-east", $"site-{suffix}"));
        var first = steered.Edges[0];
        Assert.Equal(edge.EdgeId, first.EdgeId);

        var cache = edge.App.Services.GetRequiredService<ContentCache>();
        Assert.NotNull(assets.TrickPlay);
        var firstPlay = await PlayAsync(edge.Http, new Uri(first.MasterPlaylistUrl), assets.TrickPlay.Vtt);
        var secondPlay = await PlayAsync(edge.Http, new Uri(first.MasterPlaylistUrl), assets.TrickPlay.Vtt);

        // Every file the index lists was reached by following the playlists' relative URLs (and the trick-play VTT's
        // sprite sheets), with the indexed bytes: all but the artwork stills, which a player never asks for.
        var played = assets.Files.Where(f => !f.Path.StartsWith(assets.Folder() + Orleans.Netflix.Grains.Media.Pictures.ArtworkStills.Folder + "/", StringComparison.Ordinal)).ToArray();
        var expected = played.ToDictionary(f => f.Path, f => f.Sha256);
        Assert.Equal(expected.Keys.Order(), firstPlay.Keys.Select(PathOf).Order());
        foreach (var (url, body) in firstPlay) Assert.Equal(expected[PathOf(url)], Convert.ToHexStringLower(SHA256.HashData(body)));
        Assert.Equal(firstPlay.Keys.Order(), secondPlay.Keys.Order());
        // Once per distinct content over both plays (the cache is content-addressed: identical files, such as the
        // init segments of two audio tracks cut from one source, are one object).
        var distinct = played.Select(f => f.Sha256).Distinct().Count();
        Assert.Equal(distinct, cache.Stats.OriginFetches);
        Assert.Equal(distinct, cache.Stats.Misses);
        // Everything else, the whole second play included; nginx's hits reach the cache through its access log, flushed every second.
        await Eventually.TrueAsync(() => Task.FromResult(cache.Stats.Hits == 2 * played.Length - distinct));
    }

    /// <summary>
    /// What a player fetches: the master playlist, then every playlist and file it names (variant and
    /// rendition URIs, EXT-X-MAP), each resolved against the playlist that named it, and the trick-play thumbnails'
    /// VTT (a path relative to the master playlist, as the manifest gives it) with the sprite sheets its cues name.
    /// Returns URL → body.
    /// </summary>
    private static async Task<Dictionary<string, byte[]>> PlayAsync(HttpClient http, Uri master, string trickPlayVtt)
    {
        var fetched = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var thumbnails = new Uri(master, trickPlayVtt);
        var pending = new Queue<Uri>([master, thumbnails]);
        while (pending.TryDequeue(out var url))
        {
            if (fetched.ContainsKey(url.AbsoluteUri)) continue;
            using var response = await http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url.AbsolutePath}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsByteArrayAsync();
            fetched[url.AbsoluteUri] = body;
            if (url == thumbnails)
            {
                foreach (var cue in Orleans.Netflix.Grains.Media.Pictures.TrickPlayVtt.Parse(System.Text.Encoding.UTF8.GetString(body))) pending.Enqueue(new Uri(url, cue.Sheet));
                continue;
            }
            if (!url.AbsolutePath.EndsWith(".m3u8", StringComparison.Ordinal)) continue;
            foreach (var line in System.Text.Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!line.StartsWith('#')) pending.Enqueue(new Uri(url, line));
                foreach (Match uri in UriAttribute().Matches(line)) pending.Enqueue(new Uri(url, uri.Groups[1].Value));
            }
        }
        return fetched;
    }

    /// <summary>The origin path of an edge URL: what follows <c>/v1/{token}/</c>.</summary>
    private static string PathOf(string url) => new Uri(url).AbsolutePath.Split('/', 4)[3];

    [GeneratedRegex("URI=\"([^\"]+)\"")]
    private static partial Regex UriAttribute();
}
