using Orleans.Netflix.Cdn;
using Orleans.Netflix.EdgeServer;
using Orleans.Netflix.EdgeServer.Serving;
using Orleans.Netflix.Grains.Cdn;

namespace Orleans.Netflix.Tests.Edge;

public sealed class EdgeUnitTests
{
    private static readonly SigningKey Key = new("k1", new byte[32]);

    [Fact]
    public void ATokenRoundTrips_AndAnyChangeToItIsCaught()
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new TokenClaims("k1", "t-1", "titles/t-1/job/", "s-9", now.AddMinutes(5), MaxVideoHeight: 720);
        var token = PlaybackToken.Sign(claims, Key);

        var (verdict, read) = PlaybackToken.Verify(token, [Key], now);
        Assert.Equal(TokenVerdict.Valid, verdict);
        Assert.Equal(claims with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt.ToUnixTimeSeconds()) }, read);
        Assert.Equal(TokenVerdict.Expired, PlaybackToken.Verify(token, [Key], now.AddMinutes(6)).Verdict);
        Assert.Equal(TokenVerdict.UnknownKey, PlaybackToken.Verify(token, [new SigningKey("k2", new byte[32])], now).Verdict);
        Assert.Equal(TokenVerdict.BadSignature, PlaybackToken.Verify(token, [new SigningKey("k1", Enumerable.Repeat((byte)1, 32).ToArray())], now).Verdict);
        for (var i = 0; i < token.Length; i++)
        {
            var changed = token[..i] + (token[i] == 'x' ? 'y' : 'x') + token[(i + 1)..];
            Assert.NotEqual(TokenVerdict.Valid, PlaybackToken.Verify(changed, [Key], now).Verdict);
        }
        Assert.Equal(TokenVerdict.Malformed, PlaybackToken.Verify("", [Key], now).Verdict);

        // A 32-byte signature is 43 base64url characters; the last one's two low bits carry nothing. Setting them
        // would decode to the same signature: such a token is refused, so one signature makes one token only.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf(token[^1]);
        var sameBytes = token[..^1] + alphabet[last ^ 1];
        Assert.Equal(TokenVerdict.Malformed, PlaybackToken.Verify(sameBytes, [Key], now).Verdict);
        Assert.Equal(TokenVerdict.Malformed, PlaybackToken.Verify(new string('a', 5000), [Key], now).Verdict);
        Assert.Throws<ArgumentException>(() => PlaybackToken.Sign(claims with { SessionId = "a|b" }, Key));
    }

    [Theory]
    [InlineData("/v1/tok.sig/titles/t/job/master.m3u8", true)]
    [InlineData("/v1/tok.sig/titles/t/job/video-720p/seg-00001.m4s?x=1", true)]
    [InlineData("/v1/tok.sig/titles/t/../../etc/passwd", false)]
    [InlineData("/v1/tok.sig/titles/t/%2e%2e/x", false)]
    [InlineData("/v1/tok.sig/titles\\t\\x", false)]
    [InlineData("/v1/tok.sig//etc/passwd", false)]
    [InlineData("/v1/tok.sig/titles/t/./x", false)]
    [InlineData("/v1/tok.sig/", false)]
    [InlineData("/v1//titles/t/x", false)]
    [InlineData("/v2/tok.sig/titles/t/x", false)]
    public void EdgePaths_AreParsedByAllowList(string target, bool accepted)
    {
        Assert.Equal(accepted, EdgePath.TryParse(target, out var token, out var asset));
        if (accepted)
        {
            Assert.Equal("tok.sig", token);
            Assert.StartsWith("titles/t/job/", asset);
        }
    }

    [Fact]
    public void Ranking_PutsTheSameSiteFirst_ThenTheRegion_ThenElsewhere_SkippingDrainingEdges()
    {
        EdgeInfo Edge(string id, string region, string site, EdgeHealth health = EdgeHealth.Healthy, int sessions = 0, string[]? held = null) =>
            new(new EdgeReport(id, region, site, $"http://{id}/", health, sessions, 0, 100, 100, held ?? []), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var ranked = EdgeRanking.Rank(
            [
                Edge("far", "eu-west", "paris"),
                Edge("region-busy", "us-east", "boston", sessions: 50),
                Edge("region-idle", "us-east", "boston"),
                Edge("site-degraded", "us-east", "nyc", EdgeHealth.Degraded),
                Edge("site-holds", "us-east", "nyc", held: ["t-1"]),
                Edge("site-plain", "us-east", "nyc"),
                Edge("draining", "us-east", "nyc", EdgeHealth.Draining),
            ], "t-1", "us-east", "nyc");
        Assert.Equal(["site-holds", "site-plain", "site-degraded", "region-idle", "region-busy", "far"], ranked.Select(r => r.Edge.Report.EdgeId));
        Assert.Equal(EdgeProximity.Elsewhere, ranked[^1].Proximity);
    }

    [Fact]
    public void EdgeSwitches_BecomeSettings_AndBadOnesAreRefused()
    {
        var settings = EdgeProgram.Parse(["--edge-id", "e1", "--cache-bytes", "512M", "--origin", "http://a/", "--origin=http://b/", "--urls", "http://127.0.0.1:9000"])!;
        Assert.Equal("e1", settings["Edge:EdgeId"]);
        Assert.Equal($"{512L << 20}", settings["Edge:CacheBytes"]);
        Assert.Equal(("http://a/", "http://b/"), (settings["Edge:OriginUrls:0"], settings["Edge:OriginUrls:1"]));
        Assert.Equal(2L << 30, EdgeProgram.ParseSize("2G"));
        Assert.Throws<ArgumentException>(() => EdgeProgram.Parse(["--edge-idd", "x"]));
        Assert.Throws<ArgumentException>(() => EdgeProgram.ParseSize("lots"));
        Assert.Equal("--cache-bytes needs a value", Assert.Throws<ArgumentException>(() => EdgeProgram.Parse(["--cache-bytes"])).Message);
        Assert.Throws<ArgumentException>(() => EdgeProgram.Parse(["--cache-bytes", "lots"]));
        Assert.DoesNotContain("\n", Assert.Throws<ArgumentException>(() => EdgeProgram.Parse(["--edge-id", "e1", "--bogus", "x"])).Message);
        Assert.Null(EdgeProgram.Parse(["--help"])); // help printed, nothing to run
    }
}
