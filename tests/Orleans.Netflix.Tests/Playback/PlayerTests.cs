using Orleans.Netflix.Cdn;
using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Client.Playback.Abr;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Tests.Edge;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Playback;

/// <summary>
/// The player against real edges and a title encoded by the pipeline: it plays to the end, survives
/// losing its edge mid-play and a corrupt segment, and keeps the session's resume point moving.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class PlayerTests(EdgeClusterFixture fixture) : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly List<RunningEdge> _edges = [];
    private TitleAssets _assets = null!;

    private string TitleId => $"t-player-{_suffix}";

    private string Site => $"site-{_suffix}";

    public async Task InitializeAsync()
    {
        _assets = await fixture.IngestAsync(TitleId, seconds: 8, size: "640x360"); // 4 segments of 2 s in 3 renditions (360p, 240p, 144p)
        for (var i = 1; i <= 2; i++) _edges.Add(await fixture.StartEdgeAsync($"e{i}-{_suffix}", location: Site));
        var registry = fixture.Client.GetGrain<IEdgeRegistryGrain>("us-east");
        await Eventually.TrueAsync(async () => (await registry.Live()).Count(e => e.Report.Location == Site) == 2);
    }

    public async Task DisposeAsync()
    {
        foreach (var edge in _edges) await edge.DisposeAsync();
    }

    private async Task<(IPlaybackSessionGrain Session, PlaybackManifest Manifest)> StartAsync()
    {
        var member = $"m-{Guid.NewGuid():N}"[..12];
        await fixture.Client.GetGrain<IMemberGrain>(member).Register(new MemberProfile("Ada", "US", "en", MaturityRating.Age18), PlanTier.Premium, []);
        var session = fixture.Client.GetGrain<IPlaybackSessionGrain>($"s-{Guid.NewGuid():N}");
        var start = await session.StartPlayback(new PlaybackRequest(member, TitleId, DeviceKind.Tv, "us-east", Site));
        return (session, start.Manifest ?? throw new Xunit.Sdk.XunitException($"refused: {start.Refusal}"));
    }

    private TitleAssets Index() => _assets;

    private static Player NewPlayer(IAbrRule? rule = null, double speed = 20) => new(new HttpClient(), new PlayerOptions
    {
        Speed = speed,
        HeartbeatEvery = TimeSpan.Zero, // a heartbeat per segment
        Rule = rule is null ? () => new GuardedMpcRule() : () => rule,
    });

    /// <summary>Always the top rendition, so plays fetch the same files.</summary>
    private sealed class TopRendition : IAbrRule
    {
        public string Name => "top";

        public int Choose(AbrContext context) => context.Highest;
    }

    [Fact]
    public async Task APlay_RunsToTheEnd_FromTheFirstEdge_AndMovesTheResumePoint()
    {
        var (session, manifest) = await StartAsync();
        var beats = 0;

        // 5x, not 20x: at 20x a 2 s segment has 100 ms of wall time, and CI's other tests (silo processes, drills) can
        // hold this 2-core machine longer than that, which the player rightly counts as a rebuffer.
        var result = await NewPlayer(speed: 5).PlayAsync(manifest, Index(), async beat =>
        {
            beats++;
            await session.Heartbeat(beat);
        }, null, CancellationToken.None);

        Assert.True(result.Finished);
        Assert.Equal(4, result.Segments);
        Assert.InRange(result.EndPosition.TotalSeconds, 7.9, 8.1);
        Assert.Empty(result.EdgeSwitches);
        Assert.Equal([manifest.Edges[0].EdgeId], result.Qoe.BytesPerEdge.Keys);
        Assert.Equal(0, result.Qoe.Rebuffers); // loopback is fast
        Assert.Equal(4, beats);
        var view = (await session.Get())!;
        Assert.True(view.Position > TimeSpan.Zero, "heartbeats did not move the session's position");
    }

    [Theory]
    [InlineData("ours")]
    [InlineData("robust MPC")]
    public async Task APlayOverATrace_PicksTheRenditionsTheAbrBenchmarkPicks_FromTheIndexsSizes(string ruleName)
    {
        Func<IAbrRule> rule = ruleName == "ours" ? new PlayerOptions().Rule : () => new RobustMpcRule();
        var (_, manifest) = await StartAsync();
        var heights = manifest.Renditions.Select(r => r.Height).ToHashSet();
        var title = AbrTitleIndex.From(_assets, heights, manifest.AudioLanguage); // what the benchmark plays for an ingested title
        Assert.True(title.Renditions >= 2, $"the test title has {title.Renditions} rendition(s)");
        // A flat link at five times what the top rendition carries, at a quarter speed: a download takes 0.6 s (the 144p segment, with
        // its audio and inits) to 2 s of wall time, so the trace, not the loopback on a busy machine, times each one, and the link is fast
        // enough for a rule to climb after the first segment.
        var mbps = (5 * title.ActualKbps(title.Renditions - 1) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var trace = BandwidthTrace.Parse("flat", [$"0\t{mbps}", $"1\t{mbps}"]);
        var options = new PlayerOptions { Speed = 0.25, HeartbeatEvery = TimeSpan.Zero, Trace = trace, Rule = rule };

        var played = await new Player(new HttpClient(), options).PlayAsync(manifest, _assets, _ => Task.CompletedTask, null, CancellationToken.None);
        var simulated = AbrSimulation.Play(rule(), title, new SimulatedLink(trace), options.MaxBufferSeconds);

        var byRate = _assets.Video.Where(v => heights.Contains(v.Rendition.Height)).OrderBy(v => v.Rendition.VideoKbps).Select(v => v.Rendition.Height).ToArray();
        Assert.Equal(simulated.Choices.Select(c => byRate[c]), played.Renditions);
        Assert.Equal(simulated.Rebuffers, played.Qoe.Rebuffers);
        if (ruleName == "robust MPC") Assert.True(simulated.Choices.Distinct().Count() >= 2, $"the rule kept to one rendition: {string.Join(",", played.Renditions)}");
    }

    [Fact]
    public async Task AnEdgeKilledMidPlay_ThePlayerMovesToTheNext_AndKeepsPlaying()
    {
        var (_, manifest) = await StartAsync();
        var first = _edges.Single(e => e.EdgeId == manifest.Edges[0].EdgeId);
        Task? killed = null;

        var result = await NewPlayer().PlayAsync(manifest, Index(), _ => Task.CompletedTask, p =>
        {
            if (p.SegmentsDone == 2) killed ??= first.App.StopAsync(); // the process goes away under the player
        }, CancellationToken.None);
        await killed!;

        Assert.True(result.Finished);
        Assert.Equal(4, result.Segments);
        var change = Assert.Single(result.EdgeSwitches);
        Assert.Equal((first.EdgeId, manifest.Edges[1].EdgeId), (change.From, change.To));
        Assert.True(result.Qoe.BytesPerEdge[first.EdgeId] > 0 && result.Qoe.BytesPerEdge[change.To] > 0);
    }

    [Fact]
    public async Task ACorruptSegmentOnTheEdge_IsFetchedAgainFromTheNextEdge()
    {
        // Both edges hold the title (one play through each), then steering picks one for the next play.
        var (_, manifest) = await StartAsync();
        await NewPlayer(new TopRendition()).PlayAsync(manifest, Index(), _ => Task.CompletedTask, null, CancellationToken.None);
        await NewPlayer(new TopRendition()).PlayAsync(manifest with { Edges = [.. manifest.Edges.Reverse()] }, Index(), _ => Task.CompletedTask, null, CancellationToken.None);
        var (_, again) = await StartAsync();
        var first = _edges.Single(e => e.EdgeId == again.Edges[0].EdgeId);

        // Damage one cached segment on that edge's disk (bit rot); the edge serves it as a hit.
        var damaged = 0;
        foreach (var rendition in _assets.Files.Where(f => f.Path.EndsWith("seg-00002.m4s", StringComparison.Ordinal) && f.Path.Contains("/video-", StringComparison.Ordinal)))
        {
            foreach (var path in Directory.GetFiles(Path.Combine(fixture.Root, "edges", first.EdgeId), rendition.Sha256, SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(path);
                bytes[^1] ^= 0xFF;
                await File.WriteAllBytesAsync(path, bytes);
                damaged++;
            }
        }
        Assert.True(damaged > 0, $"{first.EdgeId} holds no copy of segment 2");

        var result = await NewPlayer(new TopRendition()).PlayAsync(again, Index(), _ => Task.CompletedTask, null, CancellationToken.None);

        Assert.True(result.Finished);
        Assert.Contains(result.EdgeSwitches, s => s.From == first.EdgeId && s.Reason.Contains("do not match the index", StringComparison.Ordinal));
    }
}
