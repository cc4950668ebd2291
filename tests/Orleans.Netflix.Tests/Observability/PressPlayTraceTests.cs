using System.Diagnostics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Tests.Edge;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Observability;

/// <summary>
/// What an operator's trace view shows of one press play: the client's call, the grains it reached in the silos, and the
/// edge answering the player's first requests, all under one trace id, and nothing of the play after the first segment.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class PressPlayTraceTests(EdgeClusterFixture fixture)
{
    private static readonly Rendition Only360p = new("360p", 640, 360, 800);

    [Fact]
    public async Task APressPlay_IsOneTrace_FromTheClientsCall_ThroughTheSessionLeaseAndSteeringGrains_ToTheEdgesFirstSegment()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var site = $"site-{suffix}";
        await using var edge = await fixture.StartEdgeAsync($"e-trace-{suffix}", location: site);
        var registry = fixture.Client.GetGrain<IEdgeRegistryGrain>("us-east");
        await Eventually.TrueAsync(async () => (await registry.Live()).Any(e => e.Report.EdgeId == edge.EdgeId));
        var (memberId, titleId, assets) = await MemberAndTitleAsync(suffix);
        using var spans = new RecordedSpans([.. NetflixTracing.Sources, "Microsoft.AspNetCore", "System.Net.Http"]);

        ActivityTraceId trace;
        using (var pressPlay = PressPlayTrace.Start(titleId, memberId))
        {
            trace = pressPlay.Context.TraceId;
            var start = await fixture.Client.GetGrain<IPlaybackSessionGrain>($"s-{suffix}")
                .StartPlayback(new PlaybackRequest(memberId, titleId, DeviceKind.Web, "us-east", site));
            var manifest = start.Manifest ?? throw new Xunit.Sdk.XunitException($"refused: {start.Refusal}");
            pressPlay.Leave();
            var player = new Player(new HttpClient(), new PlayerOptions { Speed = 20, HeartbeatEvery = TimeSpan.Zero, PressPlay = pressPlay.Context });
            var played = await player.PlayAsync(manifest, assets, _ => Task.CompletedTask, _ => pressPlay.End(), CancellationToken.None);
            Assert.Equal(3, played.Segments); // the whole title played; only its start is traced
        }

        // Spans end asynchronously on the silos' and the edge's threads: wait for the last expected one.
        await Eventually.TrueAsync(() => Task.FromResult(spans.Of(trace).Count(IsEdgeRequest) >= 4));
        var traced = spans.Of(trace);
        Assert.Single(traced, s => s.OperationName == PressPlayTrace.RootName);
        Assert.Single(traced, s => s.OperationName == PressPlayTrace.FirstSegmentName);
        foreach (var (grain, method) in new[] { ("IPlaybackSessionGrain", "StartPlayback"), ("IMemberGrain", "PlaybackProfile"),
                     ("IStreamLeaseGrain", "TryAcquire"), ("ISteeringGrain", "Steer") })
        {
            // Orleans names a call's span "IGrain/Method" (the method as its generator prints it).
            Assert.True(traced.Any(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains(grain + "/", StringComparison.Ordinal)
                                        && s.DisplayName.Contains(method, StringComparison.Ordinal)),
                $"no {grain}.{method} in the trace: {string.Join(", ", traced.Select(s => s.DisplayName))}");
        }
        // The edge answered the master playlist, the media playlist, the init segment and the first segment in this trace,
        // the first pulled from origin; the two later segments went untraced.
        var atEdge = traced.Where(IsEdgeRequest).ToArray();
        Assert.Equal(4, atEdge.Length);
        Assert.All(atEdge, s => Assert.Equal("MISS", s.GetTagItem("netflix.cache")));
    }

    private static bool IsEdgeRequest(Activity span) => span.Source.Name == "Microsoft.AspNetCore" && span.GetTagItem("netflix.cache") is not null;

    private async Task<(string Member, string Title, TitleAssets Assets)> MemberAndTitleAsync(string suffix)
    {
        var memberId = $"m-trace-{suffix}";
        await fixture.Client.GetGrain<IMemberGrain>(memberId).Register(new MemberProfile("Ada", "US", "en", MaturityRating.Age18), PlanTier.Standard, []);
        var titleId = $"t-trace-{suffix}";
        var title = fixture.Client.GetGrain<ITitleGrain>(titleId);
        await title.Upsert(new TitleMetadata("Traced", "A traced title.", 2026, ["Drama"], ["Ada"], MaturityRating.Age13, TimeSpan.FromSeconds(12)), [], 1);
        var files = await fixture.PublishAsync(titleId, EdgeClusterFixture.SampleTitle());
        var assets = files with
        {
            Video = [new VideoTrack(Only360p, "video-360p/index.m3u8", 880_000, 800_000, "avc1.64001f", 25)],
            Audio = [],
        };
        await fixture.Client.GetGrain<ITitleAssetsGrain>(titleId).Publish(assets);
        await title.SetAvailability(TitleAvailability.Playable);
        return (memberId, titleId, assets);
    }
}
