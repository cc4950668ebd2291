using Orleans.Netflix.Analytics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>
/// Pressing play and stopping, on the in-memory cluster: the session publishes its start, stop and QoE summary on the
/// analytics stream, the partition grains write them to the log, and the title's counters show them; a refused play
/// and a repeated start or stop add nothing.
/// </summary>
[Collection(AnalyticsClusterCollection.Name)]
public sealed class PlaybackEventsTests(AnalyticsClusterFixture fixture)
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    private IAnalyticsGrain Analytics => fixture.Client.GetGrain<IAnalyticsGrain>(AnalyticsKeys.Main);

    private async Task<string> MemberAsync()
    {
        var id = $"m-an-{_suffix}";
        await fixture.Client.GetGrain<IMemberGrain>(id).Register(new MemberProfile("Ada", "US", "en", MaturityRating.Age18), PlanTier.Premium, []);
        return id;
    }

    private async Task<string> PlayableTitleAsync(string name)
    {
        var id = $"t-{name}-{_suffix}";
        await PlayableRegion.PrepareAsync(fixture.Client, "us-east", id);
        return id;
    }

    private static PlaybackRequest Request(string member, string title) => new(member, title, DeviceKind.Tv, "us-east", "local");

    /// <summary>Flushes and reads until the counters satisfy <paramref name="seen"/> (events cross a stream queue polled every 250 ms here).</summary>
    private async Task<TitleStats> StatsWhenAsync(string titleId, Func<TitleStats, bool> seen)
    {
        TitleStats stats = null!;
        await Eventually.TrueAsync(async () =>
        {
            await Analytics.Flush();
            stats = await Analytics.TitleStats(titleId);
            return seen(stats);
        });
        return stats;
    }

    [Fact]
    public async Task StartAndStopWithQoe_AreCountedForTheTitle_OnceEach()
    {
        var member = await MemberAsync();
        var title = await PlayableTitleAsync("play");
        var session = fixture.Client.GetGrain<IPlaybackSessionGrain>($"s-an-{_suffix}");
        var qoe = new QoeSummary(StartupSeconds: 0.8, Rebuffers: 2, RebufferSeconds: 10, PlayedSeconds: 90, MeanBitrateKbps: 2500, Switches: 3,
            BytesPerEdge: new Dictionary<string, long> { ["us-east-edge"] = 50_000_000 });

        Assert.NotNull((await session.StartPlayback(Request(member, title))).Manifest);
        Assert.NotNull((await session.StartPlayback(Request(member, title))).Manifest); // the same start again: no second event
        await session.StopPlayback(TimeSpan.FromSeconds(90), qoe);

        var stats = await StatsWhenAsync(title, s => s.PlayStops > 0 && s.QoeReports > 0);
        Assert.Equal(1, stats.PlayStarts);
        Assert.Equal(1, stats.PlayStops);
        Assert.Equal(1, stats.QoeReports);
        Assert.Equal(1, stats.Members);
        Assert.Equal(0, stats.Impressions);
        Assert.Equal(0.1, stats.MeanRebufferRatio, 6); // 10 s of rebuffering in 100 s
        Assert.Equal(2500, stats.MeanBitrateKbps, 6);

        await session.StopPlayback(TimeSpan.FromSeconds(95), qoe); // stopping again changes nothing
        await Task.Delay(500);
        await Analytics.Flush();
        var again = await Analytics.TitleStats(title);
        Assert.Equal((1L, 1L, 1L), (again.PlayStarts, again.PlayStops, again.QoeReports));
    }

    [Fact]
    public async Task ARefusedPlay_LeavesNoEvent()
    {
        var member = await MemberAsync();
        var notReady = $"t-soon-{_suffix}";
        await fixture.Client.GetGrain<ITitleGrain>(notReady).Upsert(
            new TitleMetadata("Soon", "", 2026, ["Drama"], [], MaturityRating.Age13, TimeSpan.FromMinutes(50)), [], 1);
        var playable = await PlayableTitleAsync("ok");
        // One session for both, so both plays go through the same publisher and stream partition, in order:
        // once the second play is in the log, anything the refused one had published would be there too.
        var session = fixture.Client.GetGrain<IPlaybackSessionGrain>($"s-refused-{_suffix}");

        Assert.Equal(RefusalReason.TitleNotReady, (await session.StartPlayback(Request(member, notReady))).Refusal?.Reason);
        Assert.NotNull((await session.StartPlayback(Request(member, playable))).Manifest);

        await StatsWhenAsync(playable, s => s.PlayStarts == 1);
        var refused = await Analytics.TitleStats(notReady);
        Assert.Equal((0L, 0L, 0L), (refused.PlayStarts, refused.PlayStops, refused.Members));
    }

    [Fact]
    public async Task TitleStats_RefusesAnInvalidId()
    {
        await Assert.ThrowsAsync<InvalidIdException>(() => Analytics.TitleStats(new string('x', GrainKeys.MaxLength + 1)));
        await Assert.ThrowsAsync<InvalidIdException>(() => Analytics.TitleStats(" t-1"));
    }
}
