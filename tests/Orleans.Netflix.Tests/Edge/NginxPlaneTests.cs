using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Netflix.EdgeServer.Cache;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.EdgeServer.DataPlane;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Edge;

/// <summary>What is particular to the nginx data plane: nginx sends the hits, EdgeServer still decides and keeps it running.</summary>
[Collection(EdgeCollection.Name)]
public sealed class NginxPlaneTests(EdgeClusterFixture fixture)
{
    [Fact]
    public async Task HitsAreSentByNginx_AndStillReachTheEvictionPolicyAndCounters()
    {
        var title = $"t-ngx-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        await using var edge = await fixture.StartEdgeAsync($"e-ngx-{Guid.NewGuid():N}"[..20], dataPlane: DataPlanes.Nginx);
        var url = edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/video-360p/seg-00000.m4s");

        using (var miss = await edge.Http.GetAsync(url))
            Assert.Equal("MISS", miss.Headers.GetValues("X-Cache").Single()); // pulled, verified and stored by EdgeServer
        // Once the title's paths are in nginx's map (a reload after the first request), nginx sends the file itself.
        await Eventually.TrueAsync(async () =>
        {
            using var hit = await edge.Http.GetAsync(url);
            return hit.Headers.TryGetValues("X-Served-By", out var by) && by.Single() == "nginx" && hit.Headers.GetValues("X-Cache").Single() == "HIT"
                && (await hit.Content.ReadAsByteArrayAsync()).SequenceEqual(files["video-360p/seg-00000.m4s"]);
        });
        var cache = edge.App.Services.GetRequiredService<ContentCache>();
        await Eventually.TrueAsync(() => Task.FromResult(cache.Stats.Hits >= 1 && cache.Stats.BytesFromCache >= files["video-360p/seg-00000.m4s"].Length));
        Assert.Equal(1, cache.Stats.OriginFetches);
    }

    [Fact]
    public async Task NginxThatDies_IsStartedAgain_AndServes()
    {
        var title = $"t-ngxdie-{Guid.NewGuid():N}";
        var files = EdgeClusterFixture.SampleTitle();
        await fixture.PublishAsync(title, files);
        await using var edge = await fixture.StartEdgeAsync($"e-ngxdie-{Guid.NewGuid():N}"[..20], dataPlane: DataPlanes.Nginx);
        var url = edge.Url(EdgeClusterFixture.Token(title), $"titles/{title}/job-1/master.m3u8");
        Assert.Equal(files["master.m3u8"], await edge.Http.GetByteArrayAsync(url));

        var plane = edge.App.Services.GetRequiredService<NginxDataPlane>();
        var first = plane.NginxProcessId!.Value;
        System.Diagnostics.Process.GetProcessById(first).Kill(entireProcessTree: true);

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var response = await edge.Http.GetAsync(url);
                return response.StatusCode == HttpStatusCode.OK && plane.NginxProcessId is { } pid && pid != first;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, seconds: 30);
    }
}
