using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>Every way in without a valid token, or out of the title's files, is refused without detail and without a byte.</summary>
[Collection(EdgeCollection.Name)]
public sealed class EdgeSecurityTests(EdgeClusterFixture fixture) : IAsyncLifetime
{
    private readonly string _title = $"t-sec-{Guid.NewGuid():N}";
    private readonly Dictionary<string, RunningEdge> _edges = [];
    private RunningEdge _edge = null!;

    public async Task InitializeAsync()
    {
        await fixture.PublishAsync(_title, EdgeClusterFixture.SampleTitle());
        foreach (var plane in new[] { DataPlanes.Nginx, DataPlanes.Kestrel })
            _edges[plane] = await fixture.StartEdgeAsync($"e-sec-{Guid.NewGuid():N}"[..20], dataPlane: plane);
    }

    public async Task DisposeAsync()
    {
        foreach (var edge in _edges.Values) await edge.DisposeAsync();
    }

    /// <summary>Every attack runs against both data planes: nginx checking tokens in njs, and Kestrel.</summary>
    private void On(string plane) => _edge = _edges[plane];

    private string Segment => $"titles/{_title}/job-1/video-360p/seg-00000.m4s";

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task AValidToken_FromEitherActiveKey_IsServed(string plane)
    {
        On(plane);
        Assert.Equal(HttpStatusCode.OK, (await _edge.Http.GetAsync(_edge.Url(EdgeClusterFixture.Token(_title), Segment))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _edge.Http.GetAsync(_edge.Url(EdgeClusterFixture.Token(_title, key: EdgeClusterFixture.NextKey), Segment))).StatusCode);
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task MissingExpiredTamperedForeignOrOutOfPrefixTokens_Get403WithoutDetail(string plane)
    {
        On(plane);
        var valid = EdgeClusterFixture.Token(_title);
        var tampered = valid[..^3] + (valid[^3] == 'A' ? "B" : "A") + valid[^2..];
        var otherTitle = EdgeClusterFixture.Token("t-other");
        var foreignKey = EdgeClusterFixture.Token(_title, key: new SigningKey("test-1", new byte[32]));
        var unknownKey = EdgeClusterFixture.Token(_title, key: new SigningKey("retired", new byte[32]));
        var expired = EdgeClusterFixture.Token(_title, lifetime: TimeSpan.FromSeconds(-5));
        var payloadSwap = EdgeClusterFixture.Token("t-other").Split('.')[0] + "." + valid.Split('.')[1];

        foreach (var token in new[] { "not-a-token", tampered, otherTitle, foreignKey, unknownKey, expired, payloadSwap, "a.b" })
        {
            using var response = await _edge.Http.GetAsync(_edge.Url(token, Segment));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
        // A token whose prefix is a sibling folder cannot reach this title's files.
        var narrow = EdgeClusterFixture.Token(_title, prefix: $"titles/{_title}/job-1/audio-und-128k/");
        Assert.Equal(HttpStatusCode.Forbidden, (await _edge.Http.GetAsync(_edge.Url(narrow, Segment))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _edge.Http.GetAsync($"/titles/{_title}/job-1/master.m3u8")).StatusCode);
    }

    public static TheoryData<string, string> Attacks()
    {
        var data = new TheoryData<string, string>();
        foreach (var plane in new[] { DataPlanes.Nginx, DataPlanes.Kestrel })
        {
            foreach (var attack in new[]
                     {
                         "titles/{title}/job-1/../job-1/master.m3u8", "titles/{title}/job-1/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                         "titles/{title}/job-1/%252e%252e/%252e%252e/etc/passwd", "titles/{title}/job-1/..%2f..%2f..%2fetc%2fpasswd",
                         "titles/{title}/job-1/..\\..\\..\\etc\\passwd", "/etc/passwd", "titles/{title}/job-1//etc/passwd",
                         "titles/{title}/job-1/./master.m3u8", "titles/{title}/job-1/video-360p/index.m3u8%00.jpg",
                     })
                data.Add(plane, attack);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task PathTraversal_IsRefused_AndNeverReturnsAByte(string plane, string attack)
    {
        On(plane);
        var target = $"/v1/{EdgeClusterFixture.Token(_title)}/{attack.Replace("{title}", _title, StringComparison.Ordinal)}";
        var (status, body) = await RawGetAsync(target);
        Assert.True(status is 400 or 403 or 404, $"{target} gave {status}");
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        Assert.True(body.Length == 0, $"{target} returned {body.Length} bytes");
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task UnknownTitlesAndFiles_Get404(string plane)
    {
        On(plane);
        var unknown = "t-never-published";
        Assert.Equal(HttpStatusCode.NotFound, (await _edge.Http.GetAsync(_edge.Url(EdgeClusterFixture.Token(unknown), $"titles/{unknown}/job-1/master.m3u8"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _edge.Http.GetAsync(_edge.Url(EdgeClusterFixture.Token(_title), $"titles/{_title}/job-1/video-360p/seg-09999.m4s"))).StatusCode);
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task OversizedUrlsAndHeaders_AreRefusedByTheServer(string plane)
    {
        On(plane);
        var (longUrl, _) = await RawGetAsync("/v1/" + new string('a', 6_000) + "/x");
        Assert.Equal(414, longUrl);
        var (bigHeader, _) = await RawGetAsync(_edge.Url(EdgeClusterFixture.Token(_title), Segment), $"X-Big: {new string('b', 20_000)}\r\n");
        Assert.Equal(431, bigHeader);
    }

    /// <summary>
    /// Tokens and paths at the edges of the rules get the same answer from nginx (its target pattern, then the njs
    /// check) as from Kestrel (EdgePath, PlaybackToken): served, 400, 403 or 404, case by case.
    /// </summary>
    [Fact]
    public async Task EveryShapeOfTokenAndPath_GetsTheSameAnswerOnBothPlanes()
    {
        var nginx = _edges[DataPlanes.Nginx];
        var valid = EdgeClusterFixture.Token(_title);
        // Once the title is in nginx's map, the shapes that pass the check are served by nginx itself, not handed on.
        await Eventually.TrueAsync(async () =>
        {
            using var hit = await nginx.Http.GetAsync(nginx.Url(valid, Segment));
            return hit.Headers.TryGetValues("X-Served-By", out var by) && by.Single() == "nginx";
        });

        var (payload, signature) = (valid.Split('.')[0], valid.Split('.')[1]);
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        string Claims(string expiry, string height = "0", string key = "test-1", string session = "s-1") =>
            $"v2|{key}|{_title}|titles/{_title}/job-1/|{session}|{expiry}|{height}";
        var tokens = new List<string>
        {
            valid, NonCanonical(payload) + "." + signature, payload + "." + NonCanonical(signature), payload + "." + signature + "A",
            payload + "." + signature[..^1], payload + ".." + signature, "." + signature, payload + ".", payload, "a.b",
            Signed(Claims($"0{expires}")), Signed(Claims($"{expires}", height: "00")), Signed(Claims($"{expires}", height: "")),
            Signed(Claims($"{expires}") + "|extra"), Signed("v3" + Claims($"{expires}")[2..]), Signed(Claims($"{expires + 7 * 3600}")),
            Signed(Claims($"{expires - 2 * 3600}")), Signed(Claims($"{expires}", key: "__proto__")), Signed(Claims($"{expires}", key: "toString")),
            Signed(Claims($"{expires}", session: "s-\u00e9")),
            Signed([.. Encoding.UTF8.GetBytes($"v2|test-1|{_title}|titles/{_title}/job-1/|s-"), 0xff, 0xfe, .. Encoding.UTF8.GetBytes($"|{expires}|0")]),
        };
        // The longest token there may be (1024 characters) and the next longer one base64url can spell.
        foreach (var length in new[] { 1024, 1026 })
            tokens.Add(Enumerable.Range(0, 900).Select(n => Signed(Claims($"{expires}", session: new string('s', n)))).First(t => t.Length == length));

        var targets = tokens.Select(t => nginx.Url(t, Segment)).ToList();
        foreach (var path in new[] { Segment + "?x=1", Segment + "?", Segment + "/", $"titles/{_title}/job-1/.hidden", $"titles/{_title}/job-1/...",
                     $"titles/{_title}/job-1/video-360p/..", $"titles/{_title}/job-1/" + new string('a', 512 - $"titles/{_title}/job-1/".Length),
                     $"titles/{_title}/job-1/" + new string('a', 513 - $"titles/{_title}/job-1/".Length) })
            targets.Add($"/v1/{valid}/{path}");

        foreach (var target in targets)
        {
            On(DataPlanes.Kestrel);
            var kestrel = await RawGetAsync(target);
            On(DataPlanes.Nginx);
            var fromNginx = await RawGetAsync(target);
            Assert.True(kestrel.Status == fromNginx.Status, $"{target}: Kestrel {kestrel.Status}, nginx {fromNginx.Status}");
        }
    }

    /// <summary>The same base64url text with the unused low bits of its last character set: the same bytes, another spelling.</summary>
    private static string NonCanonical(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return text[..^1] + alphabet[alphabet.IndexOf(text[^1], StringComparison.Ordinal) | 1];
    }

    private static string Signed(string claims) => Signed(Encoding.UTF8.GetBytes(claims));

    /// <summary>A token over any payload bytes, signed with the cluster's key.</summary>
    private static string Signed(byte[] payload) =>
        $"{System.Buffers.Text.Base64Url.EncodeToString(payload)}.{System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(EdgeClusterFixture.Key.Secret, payload))}";

    /// <summary>One request written byte for byte on a socket, so nothing (no HttpClient) normalizes the target first.</summary>
    private async Task<(int Status, string Body)> RawGetAsync(string target, string extraHeaders = "")
    {
        var uri = new Uri(_edge.BaseUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {uri.Authority}\r\n{extraHeaders}Connection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = response.Split("\r\n\r\n", 2) is { Length: 2 } parts ? parts[1] : "";
        return (status, body);
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task ATokenCappedBelowARendition_Gets403ForItsFiles_AndAMasterPlaylistWithoutIt(string plane)
    {
        On(plane);
        var title = $"t-cap-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        files["master.m3u8"] = Encoding.UTF8.GetBytes("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nvideo-360p/index.m3u8\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=426x240\nvideo-240p/index.m3u8\n");
        files["video-240p/index.m3u8"] = "#EXTM3U\n#EXTINF:4,\nseg-00000.m4s\n#EXT-X-ENDLIST\n"u8.ToArray();
        files["video-240p/seg-00000.m4s"] = [1, 2, 3];
        var assets = await fixture.PublishAsync(title, files);
        await fixture.Client.GetGrain<Orleans.Netflix.Media.ITitleAssetsGrain>(title).Publish(assets with
        {
            Video =
            [
                new(new("360p", 640, 360, 800), "video-360p/index.m3u8", 880_000, 800_000, "avc1.64001e", 25),
                new(new("240p", 426, 240, 400), "video-240p/index.m3u8", 440_000, 400_000, "avc1.640015", 25),
            ],
        });
        var capped = EdgeClusterFixture.Token(title, maxVideoHeight: 240);
        var uncapped = EdgeClusterFixture.Token(title);

        Assert.Equal(HttpStatusCode.Forbidden, (await _edge.Http.GetAsync(_edge.Url(capped, $"titles/{title}/job-1/video-360p/seg-00001.m4s"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _edge.Http.GetAsync(_edge.Url(capped, $"titles/{title}/job-1/video-360p/index.m3u8"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _edge.Http.GetAsync(_edge.Url(capped, $"titles/{title}/job-1/video-240p/seg-00000.m4s"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _edge.Http.GetAsync(_edge.Url(capped, $"titles/{title}/job-1/audio-und-128k/seg-00000.m4s"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _edge.Http.GetAsync(_edge.Url(uncapped, $"titles/{title}/job-1/video-360p/seg-00001.m4s"))).StatusCode);

        var master = await _edge.Http.GetStringAsync(_edge.Url(capped, $"titles/{title}/job-1/master.m3u8"));
        Assert.DoesNotContain("video-360p", master);
        Assert.Contains("video-240p/index.m3u8", master);
        Assert.Contains("video-360p", await _edge.Http.GetStringAsync(_edge.Url(uncapped, $"titles/{title}/job-1/master.m3u8")));
    }
}
