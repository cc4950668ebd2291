using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Netflix.EdgeServer.Cache;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>What a player gets from an edge for a signed URL: the right bytes and headers, each object pulled from origin once.</summary>
[Collection(EdgeCollection.Name)]
public sealed class EdgeServingTests(EdgeClusterFixture fixture)
{
    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task EveryFileOfATitle_IsServedWithItsMediaType_AndPulledFromOriginOnlyOnce(string plane)
    {
        var title = $"t-serve-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        await using var edge = await fixture.StartEdgeAsync($"e-serve-{Guid.NewGuid():N}"[..20], dataPlane: plane);
        var token = EdgeClusterFixture.Token(title);

        var expectedTypes = new Dictionary<string, string>
        {
            ["master.m3u8"] = "application/vnd.apple.mpegurl",
            ["video-360p/index.m3u8"] = "application/vnd.apple.mpegurl",
            ["video-360p/init.mp4"] = "video/mp4",
            ["video-360p/seg-00001.m4s"] = "video/mp4",
            ["audio-und-128k/seg-00000.m4s"] = "audio/mp4",
            ["subs-en/subtitles.vtt"] = "text/vtt",
        };
        foreach (var round in new[] { "MISS", "HIT" })
        {
            foreach (var (relative, bytes) in files)
            {
                using var response = await edge.Http.GetAsync(edge.Url(token, $"titles/{title}/job-1/{relative}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
                Assert.Equal(round, response.Headers.GetValues("X-Cache").Single());
                Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"", response.Headers.ETag!.Tag);
                Assert.Contains("max-age=", response.Headers.CacheControl!.ToString());
                if (expectedTypes.TryGetValue(relative, out var type)) Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            }
        }
        var cache = edge.App.Services.GetRequiredService<ContentCache>();
        // nginx's hits reach the cache through its access log, flushed every second.
        await Eventually.TrueAsync(() => Task.FromResult(cache.Stats.Hits == files.Count));
        Assert.Equal(files.Count, cache.Stats.Misses);
        Assert.Equal(files.Count, cache.Stats.OriginFetches);
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task ManyPlayersMissingOneSegmentAtOnce_CauseOneOriginPull(string plane)
    {
        var title = $"t-flight-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle(segmentBytes: 2_000_000);
        await fixture.PublishAsync(title, files);
        await using var edge = await fixture.StartEdgeAsync($"e-flight-{Guid.NewGuid():N}"[..20], dataPlane: plane);
        var url = edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00002.m4s");

        var bodies = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => edge.Http.GetByteArrayAsync(url)));

        Assert.All(bodies, b => Assert.Equal(files["video-360p/seg-00002.m4s"], b));
        var cache = edge.App.Services.GetRequiredService<ContentCache>();
        await Eventually.TrueAsync(() => Task.FromResult(cache.Stats.Hits + cache.Stats.Misses == 30));
        Assert.Equal(1, cache.Stats.OriginFetches);
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task RangesConditionalRequestsHeadAndCors_WorkAsBrowsersExpect(string plane)
    {
        var title = $"t-range-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        await using var edge = await fixture.StartEdgeAsync($"e-range-{Guid.NewGuid():N}"[..20], dataPlane: plane);
        var url = edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00000.m4s");
        var segment = files["video-360p/seg-00000.m4s"];

        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(100, 199);
        range.Headers.Add("Origin", "https://player.example");
        using var partial = await edge.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(segment[100..200], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 100-199/{segment.Length}", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal("*", partial.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var unsatisfiable = new HttpRequestMessage(HttpMethod.Get, url);
        unsatisfiable.Headers.Range = new RangeHeaderValue(segment.Length + 10, segment.Length + 20);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await edge.Http.SendAsync(unsatisfiable)).StatusCode);

        var etag = (await edge.Http.GetAsync(url)).Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await edge.Http.SendAsync(conditional)).StatusCode);

        using var head = await edge.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(segment.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        using var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", "https://player.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "range");
        using var allowed = await edge.Http.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Contains("range", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task AnUnreachableOrigin_Gives502_AndASilentOne504_NotAHang(string plane)
    {
        var title = $"t-origin-{Guid.NewGuid():N}";
        await fixture.PublishAsync(title, EdgeClusterFixture.SampleTitle());
        var token = EdgeClusterFixture.Token(title);
        var path = $"titles/{title}/job-1/video-360p/seg-00000.m4s";

        await using (var refused = await fixture.StartEdgeAsync($"e-dead-{Guid.NewGuid():N}"[..20], originUrls: [$"http://127.0.0.1:{FreePortNobodyListensOn()}/origin/"], dataPlane: plane))
        {
            Assert.Equal(HttpStatusCode.BadGateway, (await refused.Http.GetAsync(refused.Url(token, path))).StatusCode);
        }

        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts connections, never answers
        silent.Start();
        await using var waiting = await fixture.StartEdgeAsync($"e-slow-{Guid.NewGuid():N}"[..20],
            originUrls: [$"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/origin/"], originTimeout: TimeSpan.FromSeconds(1), dataPlane: plane);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await waiting.Http.GetAsync(waiting.Url(token, path))).StatusCode);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 10);
    }

    [Fact]
    public async Task AMissFailsOverToTheNextOrigin_WhenOneRefusesAndOneNeverAnswers()
    {
        var title = $"t-failover-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts connections, never answers
        silent.Start();
        await using var edge = await fixture.StartEdgeAsync($"e-failover-{Guid.NewGuid():N}"[..20],
            originUrls: [$"http://127.0.0.1:{FreePortNobodyListensOn()}/origin/", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/origin/", fixture.OriginUrl],
            originTimeout: TimeSpan.FromSeconds(2), dataPlane: DataPlanes.Kestrel);

        using var response = await edge.Http.GetAsync(edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00000.m4s"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(files["video-360p/seg-00000.m4s"], await response.Content.ReadAsByteArrayAsync());
        using var asked = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30)); // the silent one was tried in between
        Assert.Equal(1, edge.App.Services.GetRequiredService<ContentCache>().Stats.OriginFetches);
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task BytesThatDoNotMatchTheIndex_AreNeverServedOrCached(string plane)
    {
        var title = $"t-corrupt-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        var onDisk = Path.Combine(fixture.OriginRoot, "titles", title, "job-1", "video-360p", "seg-00001.m4s");
        var good = await File.ReadAllBytesAsync(onDisk);
        var bad = (byte[])good.Clone();
        bad[10] ^= 0xFF;
        await File.WriteAllBytesAsync(onDisk, bad);
        await using var edge = await fixture.StartEdgeAsync($"e-corrupt-{Guid.NewGuid():N}"[..20], dataPlane: plane);
        var url = edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00001.m4s");

        using var refused = await edge.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Empty(await refused.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, edge.App.Services.GetRequiredService<ContentCache>().Stats.StoredObjects);

        await File.WriteAllBytesAsync(onDisk, good); // origin repaired: the next request pulls again and serves
        Assert.Equal(good, await edge.Http.GetByteArrayAsync(url));
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task HealthAndMetrics_ShowHitsMissesBytesAndOriginLatency(string plane)
    {
        var title = $"t-metrics-{Guid.NewGuid():N}";
        await fixture.PublishAsync(title, EdgeClusterFixture.SampleTitle());
        await using var edge = await fixture.StartEdgeAsync($"e-metrics-{Guid.NewGuid():N}"[..20], dataPlane: plane);
        var url = edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00000.m4s");
        await edge.Http.GetByteArrayAsync(url); // a miss: the whole segment from origin
        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(0, 99);
        (await edge.Http.SendAsync(range)).Dispose(); // a hit: 100 bytes sent
        (await edge.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url))).Dispose(); // a hit: no body
        await edge.Http.GetAsync(edge.Url("forged.token", $"titles/{title}/job-1/master.m3u8"));

        System.Text.Json.JsonElement health = default;
        await Eventually.TrueAsync(async () => // nginx's hits and refusals arrive through its access log, flushed every second
        {
            health = System.Text.Json.JsonDocument.Parse(await edge.Http.GetStringAsync("/health")).RootElement;
            return health.GetProperty("cache").GetProperty("hits").GetInt64() == 2;
        });
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(1, health.GetProperty("cache").GetProperty("misses").GetInt64());

        var metrics = "";
        await Eventually.TrueAsync(async () => // the Prometheus exporter caches a scrape briefly
        {
            metrics = await edge.Http.GetStringAsync("/metrics");
            return metrics.Contains("status=\"403\"", StringComparison.Ordinal) && metrics.Contains("source=\"cache\"", StringComparison.Ordinal);
        });
        Assert.Contains("edge_cache_hits", metrics);
        Assert.Contains("edge_cache_misses", metrics);
        Assert.Equal(50_000, BytesSent(metrics, "origin"));
        Assert.Equal(100, BytesSent(metrics, "cache")); // what went on the wire, not the object's size
        Assert.Contains("edge_origin_pull_duration", metrics);
        Assert.Contains("status=\"403\"", metrics);
    }

    [Fact]
    public async Task AnEdgesMetrics_CountItsOwnRequestsOnly_WhenAnotherEdgeRunsInTheSameProcess()
    {
        var title = $"t-own-metrics-{Guid.NewGuid():N}";
        await fixture.PublishAsync(title, EdgeClusterFixture.SampleTitle());
        await using var pulling = await fixture.StartEdgeAsync($"e-pull-{Guid.NewGuid():N}"[..20], dataPlane: DataPlanes.Kestrel);
        await using var idle = await fixture.StartEdgeAsync($"e-idle-{Guid.NewGuid():N}"[..20], dataPlane: DataPlanes.Kestrel);
        await pulling.Http.GetByteArrayAsync(pulling.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00000.m4s"));
        await idle.Http.GetAsync(idle.Url("forged.token", $"titles/{title}/job-1/master.m3u8"));

        var pulled = "";
        var refused = "";
        await Eventually.TrueAsync(async () =>
        {
            pulled = await pulling.Http.GetStringAsync("/metrics");
            refused = await idle.Http.GetStringAsync("/metrics");
            return pulled.Contains("source=\"origin\"", StringComparison.Ordinal) && refused.Contains("status=\"403\"", StringComparison.Ordinal);
        });
        Assert.Equal(50_000, BytesSent(pulled, "origin"));
        Assert.DoesNotContain("status=\"403\"", pulled);
        Assert.Equal(0, BytesSent(refused, "origin"));
    }

    /// <summary>The edge's bytes sent from <paramref name="source"/>: 0 where it has sent none (no such series yet).</summary>
    private static long BytesSent(string prometheusText, string source)
    {
        var sent = System.Text.RegularExpressions.Regex.Match(prometheusText, $@"^edge_bytes\S*\{{[^}}]*source=""{source}""[^}}]*\}} (?<v>[0-9]+)",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        return sent.Success ? long.Parse(sent.Groups["v"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static int FreePortNobodyListensOn()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
