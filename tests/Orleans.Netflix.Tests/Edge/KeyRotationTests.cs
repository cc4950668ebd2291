using System.Net;
using System.Security.Cryptography;
using Orleans.Netflix.Cdn;

using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>Secrets as an operator runs them: keys rotated while viewers play, and an origin only the trusted tier may read.</summary>
[Collection(EdgeCollection.Name)]
public sealed class KeyRotationTests(EdgeClusterFixture fixture)
{
    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task RotatingTheSigningKeyUnderPlayback_RefusesNoRequest(string plane)
    {
        var title = $"t-rotate-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle(segmentBytes: 20_000);
        await fixture.PublishAsync(title, files);
        await using var edge = await fixture.StartEdgeAsync($"e-rot-{Guid.NewGuid():N}"[..20], dataPlane: plane);
        var oldKey = new SigningKey("old", RandomNumberGenerator.GetBytes(32));
        var newKey = new SigningKey("new", RandomNumberGenerator.GetBytes(32));
        edge.SetSigningKeys(oldKey);
        var signer = oldKey; // what steering signs with; players fetch a fresh token for each request, as a new play would
        await Eventually.TrueAsync(async () => (await edge.Http.GetAsync(edge.Url(Token(title, oldKey), $"titles/{title}/job-1/master.m3u8"))).IsSuccessStatusCode);

        var refused = new List<string>();
        var newKeyServed = new int[4];
        using var stop = new CancellationTokenSource();
        var players = Enumerable.Range(0, newKeyServed.Length).Select(player => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = Volatile.Read(ref signer);
                var path = $"titles/{title}/job-1/video-360p/seg-0000{i % 3}.m4s";
                using var response = await GetAsAPlayerWould(edge.Http, edge.Url(Token(title, key), path));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    lock (refused) refused.Add($"{(int)response.StatusCode} for a token of key {key.Id}");
                }
                else if (key == newKey)
                {
                    Interlocked.Increment(ref newKeyServed[player]);
                }
            }
        })).ToArray();

        await Task.Delay(300);
        edge.SetSigningKeys(oldKey, newKey); // 1. the edges learn the next key: both verify during the overlap
        await Eventually.TrueAsync(async () => (await edge.Http.GetAsync(edge.Url(Token(title, newKey), $"titles/{title}/job-1/master.m3u8"))).IsSuccessStatusCode);
        Volatile.Write(ref signer, newKey); // 2. steering signs with it
        await Eventually.TrueAsync(() => Task.FromResult(newKeyServed.All(n => n >= 3))); // every player has moved on
        edge.SetSigningKeys(newKey); // 3. the old key's tokens have lapsed: it goes
        await Task.Delay(500);
        stop.Cancel();
        await Task.WhenAll(players);

        Assert.Empty(refused);
        await Eventually.TrueAsync(async () => (await edge.Http.GetAsync(edge.Url(Token(title, oldKey), $"titles/{title}/job-1/master.m3u8"))).StatusCode == HttpStatusCode.Forbidden);
    }

    /// <summary>
    /// A GET sent again once when the connection it went out on was closed under it. nginx's reload (new keys) lets its old
    /// workers close their idle keep-alive connections, and a request sent on one at that moment meets a reset; browsers
    /// and hls.js send such a request again, so a player never sees it. A refusal is an answer and is never retried.
    /// </summary>
    private static async Task<HttpResponseMessage> GetAsAPlayerWould(HttpClient http, string url)
    {
        try
        {
            return await http.GetAsync(url);
        }
        catch (HttpRequestException e) when (e.StatusCode is null && e.InnerException is IOException)
        {
            return await http.GetAsync(url);
        }
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task ATokenLivingLongerThanTheMaximum_IsRefused(string plane)
    {
        var title = $"t-long-{Guid.NewGuid():N}";
        await fixture.PublishAsync(title, EdgeClusterFixture.SampleTitle());
        await using var edge = await fixture.StartEdgeAsync($"e-long-{Guid.NewGuid():N}"[..20], dataPlane: plane);
        var path = $"titles/{title}/job-1/master.m3u8";

        Assert.Equal(HttpStatusCode.OK, (await edge.Http.GetAsync(edge.Url(EdgeClusterFixture.Token(title, lifetime: TimeSpan.FromHours(5)), path))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await edge.Http.GetAsync(edge.Url(EdgeClusterFixture.Token(title, lifetime: TimeSpan.FromHours(7)), path))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await edge.Http.GetAsync(edge.Url(EdgeClusterFixture.Token(title, lifetime: TimeSpan.FromDays(1_000_000)), path))).StatusCode);
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task TheOrigin_RefusesAnonymousRequests_AndServesTheTrustedTier(string plane)
    {
        var title = $"t-anon-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        var url = $"{fixture.OriginUrl}titles/{title}/job-1/video-360p/seg-00000.m4s";

        using var http = new HttpClient();
        using var anonymous = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(await anonymous.Content.ReadAsByteArrayAsync());
        using var forged = new HttpRequestMessage(HttpMethod.Get, url);
        forged.Headers.Authorization = new("Bearer", "guessed");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);

        // An edge's pull carries the tier's credential: the segment reaches the player.
        await using var edge = await fixture.StartEdgeAsync($"e-anon-{Guid.NewGuid():N}"[..20], dataPlane: plane);
        Assert.Equal(files["video-360p/seg-00000.m4s"], await edge.Http.GetByteArrayAsync(edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00000.m4s")));
    }

    private static string Token(string title, SigningKey key) => EdgeClusterFixture.Token(title, key: key);
}
