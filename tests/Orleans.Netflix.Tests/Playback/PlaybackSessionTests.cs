using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Tests.Edge;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Playback;

/// <summary>
/// Pressing play: the session grain's checks, each with the refusal a member would see, and a started
/// session's manifest, heartbeats, resume point, stop and timeout.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class PlaybackSessionTests(EdgeClusterFixture fixture) : IAsyncLifetime
{
    private static readonly Rendition[] Ladder1080 = [new("1080p", 1920, 1080, 5000), new("720p", 1280, 720, 3000), new("360p", 640, 360, 800)];
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private RunningEdge? _edge;

    private string Site => $"site-{_suffix}";

    public async Task InitializeAsync()
    {
        _edge = await fixture.StartEdgeAsync($"e-play-{_suffix}", location: Site);
        var registry = fixture.Client.GetGrain<IEdgeRegistryGrain>("us-east");
        await Eventually.TrueAsync(async () => (await registry.Live()).Any(e => e.Report.EdgeId == _edge.EdgeId));
    }

    public async Task DisposeAsync()
    {
        if (_edge is not null) await _edge.DisposeAsync();
    }

    private async Task<string> MemberAsync(PlanTier plan = PlanTier.Standard, MaturityRating limit = MaturityRating.Age18, string language = "en")
    {
        var id = $"m-{Guid.NewGuid():N}"[..12];
        await fixture.Client.GetGrain<IMemberGrain>(id).Register(new MemberProfile("Ada", "US", language, limit), plan, []);
        return id;
    }

    /// <summary>A title with published files and the given ladder, audio and subtitle languages.</summary>
    private async Task<string> TitleAsync(Rendition[]? ladder = null, MaturityRating maturity = MaturityRating.Age13, string[]? audio = null,
        string[]? subtitles = null, bool playable = true, TimeSpan? runtime = null)
    {
        var id = $"t-{Guid.NewGuid():N}"[..12];
        var titles = fixture.Client.GetGrain<ITitleGrain>(id);
        await titles.Upsert(new TitleMetadata("The Test", "A test.", 2026, ["Drama"], ["Ada"], maturity, runtime ?? TimeSpan.FromMinutes(90)), [], 1);
        if (!playable) return id;
        var files = await fixture.PublishAsync(id, EdgeClusterFixture.SampleTitle());
        await fixture.Client.GetGrain<ITitleAssetsGrain>(id).Publish(files with
        {
            Video = [.. (ladder ?? Ladder1080).Select(r => new VideoTrack(r, $"video-{r.Name}/index.m3u8", r.VideoKbps * 1100, r.VideoKbps * 1000, "avc1.64001f", 25))],
            Audio = [.. (audio ?? ["en"]).Select((l, i) => new AudioTrack(l, 128, $"audio-{l}-128k/index.m3u8", "mp4a.40.2", i == 0))],
            Subtitles = [.. (subtitles ?? []).Select(l => new SubtitleTrack(l, $"subs-{l}/index.m3u8", false))],
        });
        await titles.SetAvailability(TitleAvailability.Playable);
        return id;
    }

    private PlaybackRequest Request(string member, string title, DeviceKind device = DeviceKind.Tv, string? audio = null, string? subtitles = null) =>
        new(member, title, device, "us-east", Site, audio, subtitles);

    private IPlaybackSessionGrain NewSession() => fixture.Client.GetGrain<IPlaybackSessionGrain>($"s-{Guid.NewGuid():N}");

    [Fact]
    public async Task StartPlayback_ReturnsRankedSignedEdges_TheRenditionsThePlanAndDeviceAllow_AndTheMembersLanguage()
    {
        var member = await MemberAsync(PlanTier.Basic, language: "es");
        var title = await TitleAsync(audio: ["en", "es"], subtitles: ["en", "es"]);

        var start = await NewSession().StartPlayback(Request(member, title));

        Assert.Null(start.Refusal);
        var manifest = start.Manifest!;
        Assert.Equal(_edge!.EdgeId, manifest.Edges[0].EdgeId);
        Assert.Contains("/v1/", manifest.Edges[0].MasterPlaylistUrl);
        Assert.Equal(["720p", "360p"], manifest.Renditions.Select(r => r.Name)); // Basic stops at 720p
        var token = new Uri(manifest.Edges[0].MasterPlaylistUrl).AbsolutePath.Split('/')[2];
        Assert.Equal(720, PlaybackToken.Verify(token, [EdgeClusterFixture.Key], DateTimeOffset.UtcNow).Claims!.MaxVideoHeight); // and so does the edge
        Assert.Equal("es", manifest.AudioLanguage);
        Assert.Null(manifest.SubtitleLanguage); // audio already in the member's language
        Assert.Equal(TimeSpan.Zero, manifest.StartPosition);

        using var master = await new HttpClient().GetAsync(manifest.Edges[0].MasterPlaylistUrl);
        Assert.True(master.IsSuccessStatusCode, $"master playlist: {(int)master.StatusCode}");
    }

    [Fact]
    public async Task SubtitlesComeOnInTheMembersLanguage_WhenTheAudioIsInAnother_AndOnRequest()
    {
        var member = await MemberAsync(language: "pt-BR");
        var title = await TitleAsync(audio: ["en"], subtitles: ["en", "pt"]);

        var byDefault = (await NewSession().StartPlayback(Request(member, title))).Manifest!;
        Assert.Equal(("en", "pt"), (byDefault.AudioLanguage, byDefault.SubtitleLanguage));
        var off = (await NewSession().StartPlayback(Request(member, title, subtitles: "off"))).Manifest!;
        Assert.Null(off.SubtitleLanguage);
    }

    [Fact]
    public async Task EachBadPlay_IsRefusedWithAReasonAMemberCanActOn()
    {
        var member = await MemberAsync(PlanTier.Basic, MaturityRating.Age13);
        async Task<PlaybackRefusal> Refusal(PlaybackRequest request) =>
            (await NewSession().StartPlayback(request)).Refusal ?? throw new Xunit.Sdk.XunitException($"{request} was not refused");

        Assert.Equal(RefusalReason.UnknownMember, (await Refusal(Request("m-nobody", await TitleAsync()))).Reason);
        Assert.Equal(RefusalReason.UnknownTitle, (await Refusal(Request(member, "t-nothing"))).Reason);
        var notReady = await Refusal(Request(member, await TitleAsync(playable: false)));
        Assert.Equal(RefusalReason.TitleNotReady, notReady.Reason);
        Assert.Contains("ComingSoon", notReady.Message);
        var mature = await Refusal(Request(member, await TitleAsync(maturity: MaturityRating.Age18)));
        Assert.Equal(RefusalReason.MaturityAboveLimit, mature.Reason);
        Assert.Contains("18+", mature.Message);
        var tall = await Refusal(Request(member, await TitleAsync(ladder: [new("2160p", 3840, 2160, 16000), new("1080p", 1920, 1080, 5000)])));
        Assert.Equal(RefusalReason.PlanExcludesResolution, tall.Reason);
        Assert.Contains("720p", tall.Message);
        Assert.Empty(await fixture.Client.GetGrain<IStreamLeaseGrain>(member).Active()); // a refused play holds no slot
    }

    [Fact]
    public async Task MoreStreamsThanThePlanAllows_AreRefused_UntilOneStops()
    {
        var member = await MemberAsync(PlanTier.Standard); // two streams
        var title = await TitleAsync();
        var first = NewSession();
        Assert.NotNull((await first.StartPlayback(Request(member, title))).Manifest);
        Assert.NotNull((await NewSession().StartPlayback(Request(member, title))).Manifest);

        var third = await NewSession().StartPlayback(Request(member, title));
        Assert.Equal(RefusalReason.TooManyStreams, third.Refusal?.Reason);
        Assert.Contains("2 stream(s)", third.Refusal!.Message);

        await first.StopPlayback(TimeSpan.FromMinutes(1), null);
        Assert.NotNull((await NewSession().StartPlayback(Request(member, title))).Manifest);
    }

    [Fact]
    public async Task Heartbeats_MoveTheResumePoint_AndTheNextPlayStartsThere_UnlessTheTitleWasFinished()
    {
        var member = await MemberAsync();
        var title = await TitleAsync(runtime: TimeSpan.FromMinutes(10));
        var session = NewSession();
        await session.StartPlayback(Request(member, title));

        var view = await session.Heartbeat(new PlaybackHeartbeat(TimeSpan.FromSeconds(95), 3000, 12.5, 0, _edge!.EdgeId));
        Assert.Equal(PlaybackStatus.Playing, view.Status);
        var qoe = new QoeSummary(0.8, 1, 2.0, 120, 2800, 3, new() { [_edge.EdgeId] = 42_000_000 });
        var stopped = await session.StopPlayback(TimeSpan.FromSeconds(120), qoe);
        Assert.Equal(PlaybackStatus.Stopped, stopped.Status);
        Assert.Equal(2800, stopped.Qoe!.MeanBitrateKbps);
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.Heartbeat(new PlaybackHeartbeat(TimeSpan.FromSeconds(130), 3000, 10, 0, _edge.EdgeId)));

        var memberView = (await fixture.Client.GetGrain<IMemberGrain>(member).Get())!;
        Assert.Equal(TimeSpan.FromSeconds(120), memberView.ResumePoints.Single(r => r.TitleId == title).Position);
        Assert.Contains(memberView.History, h => h.TitleId == title && h.Position == TimeSpan.FromSeconds(120));

        var resumed = (await NewSession().StartPlayback(Request(member, title))).Manifest!;
        Assert.Equal(TimeSpan.FromSeconds(120), resumed.StartPosition);

        var nearTheEnd = NewSession();
        await nearTheEnd.StartPlayback(Request(member, title));
        await nearTheEnd.StopPlayback(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(5), null);
        Assert.Equal(TimeSpan.Zero, (await NewSession().StartPlayback(Request(member, title))).Manifest!.StartPosition);
    }

    [Fact]
    public async Task StartingTheSameSessionTwice_ReturnsTheSameManifest_AndHoldsOneSlot()
    {
        var member = await MemberAsync(PlanTier.Basic); // one stream
        var title = await TitleAsync();
        var session = NewSession();
        var first = (await session.StartPlayback(Request(member, title))).Manifest!;
        var again = (await session.StartPlayback(Request(member, title))).Manifest!;
        Assert.Equal(first.Edges.Select(e => e.MasterPlaylistUrl), again.Edges.Select(e => e.MasterPlaylistUrl)); // the same signed URLs
        Assert.Equal(first.ExpiresAt, again.ExpiresAt);
        Assert.Single(await fixture.Client.GetGrain<IStreamLeaseGrain>(member).Active());
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.StartPlayback(Request(member, title, DeviceKind.Phone)));
        await session.StopPlayback(TimeSpan.FromSeconds(3), null);
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.StartPlayback(Request(member, title))); // a stopped session stays stopped
        Assert.Empty(await fixture.Client.GetGrain<IStreamLeaseGrain>(member).Active());
    }

    [Fact]
    public async Task AnAbandonedSession_TimesOut_AndFreesItsStreamSlot()
    {
        var member = await MemberAsync(PlanTier.Basic); // one stream
        var title = await TitleAsync();
        var abandoned = NewSession();
        await abandoned.StartPlayback(Request(member, title));
        Assert.Equal(RefusalReason.TooManyStreams, (await NewSession().StartPlayback(Request(member, title))).Refusal?.Reason);

        // The player vanishes: no heartbeat, no stop. Within the timeout (5 s here) its slot is free again.
        await Eventually.TrueAsync(async () => (await NewSession().StartPlayback(Request(member, title))).Manifest is not null);
        Assert.Equal(PlaybackStatus.TimedOut, (await abandoned.Get())!.Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => abandoned.Heartbeat(new PlaybackHeartbeat(TimeSpan.FromSeconds(10), 800, 4, 0, _edge!.EdgeId)));
    }
}
