using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Netflix.EdgeServer.Cache;

using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>What a player gets when the edge's own disk or its origin misbehaves: a status it can act on, never a 500.</summary>
[Collection(EdgeCollection.Name)]
public sealed class EdgeFaultTests(EdgeClusterFixture fixture)
{
    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task AFailingCacheDisk_Gives503WithRetryAfter_AndServesAgainOnceItRecovers(string plane)
    {
        var title = $"t-disk-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        var edgeId = $"e-disk-{Guid.NewGuid():N}"[..20];
        await using var edge = await fixture.StartEdgeAsync(edgeId, dataPlane: plane);
        var segment = files["video-360p/seg-00001.m4s"];
        var url = edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00001.m4s");

        // The folder the object would go into cannot be created: the disk refuses the write, as a full or failing one does.
        var shard = Path.Combine(fixture.Root, "edges", edgeId, Convert.ToHexStringLower(SHA256.HashData(segment))[..2]);
        await File.WriteAllTextAsync(shard, "in the way");
        using (var refused = await edge.Http.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter?.Delta);
            Assert.Empty(await refused.Content.ReadAsByteArrayAsync());
        }

        File.Delete(shard);
        Assert.Equal(segment, await edge.Http.GetByteArrayAsync(url));
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task AHeadForAnObjectNotHeld_AnswersFromTheIndex_WithoutPullingIt(string plane)
    {
        var title = $"t-head-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        await using var edge = await fixture.StartEdgeAsync($"e-head-{Guid.NewGuid():N}"[..20], dataPlane: plane);
        var url = edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00002.m4s");

        using var head = await edge.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(files["video-360p/seg-00002.m4s"].Length, head.Content.Headers.ContentLength);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(files["video-360p/seg-00002.m4s"]))}\"", head.Headers.ETag!.Tag);
        var cache = edge.App.Services.GetRequiredService<ContentCache>();
        Assert.Equal(0, cache.Stats.OriginFetches);
        Assert.Equal(0, cache.Stats.StoredObjects);

        Assert.Equal(files["video-360p/seg-00002.m4s"], await edge.Http.GetByteArrayAsync(url));
        Assert.Equal(1, cache.Stats.OriginFetches);
    }

    [Theory]
    [InlineData(DataPlanes.Nginx)]
    [InlineData(DataPlanes.Kestrel)]
    public async Task AnOriginSendingEndlessBytes_IsCutOffAtTheIndexedSize_With502(string plane)
    {
        var title = $"t-endless-{Guid.NewGuid():N}";
        await fixture.PublishAsync(title, EdgeClusterFixture.SampleTitle());
        using var origin = new TcpListener(IPAddress.Loopback, 0);
        origin.Start();
        var sent = ServeEndlessly(origin);
        await using var edge = await fixture.StartEdgeAsync($"e-endless-{Guid.NewGuid():N}"[..20],
            originUrls: [$"http://127.0.0.1:{((IPEndPoint)origin.LocalEndpoint).Port}/origin/"], originTimeout: TimeSpan.FromSeconds(60), dataPlane: plane);

        using var response = await edge.Http.GetAsync(edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00000.m4s"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        // The edge hung up once it had more than the 50 kB the index lists: the origin got out what fits in socket
        // buffers beyond that, not the gigabytes it would have sent to an edge reading the whole body.
        var bytes = await sent.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.InRange(bytes, 50_000, 64L << 20);
    }

    /// <summary>Answers one request with a chunked body that never ends; the bytes written before the peer hung up.</summary>
    private static async Task<long> ServeEndlessly(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        var buffer = new byte[4096];
        var head = new StringBuilder();
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0) return 0;
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray());
        var chunk = Encoding.ASCII.GetBytes($"{65536:x}\r\n").Concat(new byte[65536]).Concat("\r\n"u8.ToArray()).ToArray();
        long sent = 0;
        try
        {
            while (sent < 4L << 30)
            {
                await stream.WriteAsync(chunk);
                sent += 65536;
            }
        }
        catch (IOException)
        {
        }
        return sent;
    }
}
