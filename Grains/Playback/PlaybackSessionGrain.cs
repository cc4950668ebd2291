using Microsoft.Extensions.Options;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Grains.Catalog;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Grains.Telemetry;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Grains.Playback;

/// <summary>
/// One play (see <see cref="IPlaybackSessionGrain"/>). Checks run cheapest first and nothing is held or
/// written until they all pass, so a refused play leaves no trace but its answer. The session lives in
/// grain storage, so a heartbeat reaching another silo after a crash finds it. A started play, its stop and its QoE
/// summary go to the analytics log (buffered by <see cref="AnalyticsPublisher"/>, never awaited).
/// </summary>
[GrainType("playback-session")]
public sealed class PlaybackSessionGrain(
    [PersistentState(StorageNames.PlaybackSessionState, StorageNames.ReplicatedStore)] IPersistentState<PlaybackSessionState> state,
    IOptions<PlaybackOptions> options,
    RegionTrafficCounter traffic,
    SiloRegion home,
    AnalyticsPublisher analytics,
    PlayableTitles titles,
    SiloMetrics metrics,
    TimeProvider clock) : Grain, IPlaybackSessionGrain
{
    private string SessionId => this.GetPrimaryKeyString();

    public async Task<PlaybackStart> StartPlayback(PlaybackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        GrainKeys.Validate(request.MemberId, "member");
        GrainKeys.Validate(request.TitleId, "title");
        GrainKeys.Validate(request.ClientRegion, "region");
        GrainKeys.Validate(request.ClientLocation, "location");
        if (state.State.Manifest is { } started)
        {
            if (state.State.Request != request)
                throw new InvalidOperationException($"session {SessionId} already plays {state.State.Request!.TitleId} for {state.State.Request.MemberId}");
            var status = Status();
            return status == PlaybackStatus.Playing
                ? new PlaybackStart(started, null)
                : throw new InvalidOperationException($"session {SessionId} is {status}; start a new one");
        }

        var playable = titles.GetAsync(request.TitleId); // read beside the member's profile, not after it
        var member = await GrainFactory.GetGrain<IMemberGrain>(request.MemberId).PlaybackProfile(request.TitleId);
        if (member is null) return Refused(RefusalReason.UnknownMember, $"member '{request.MemberId}' does not exist");
        var (title, assets, notHereYet) = await playable;
        if (title is null) return Refused(RefusalReason.UnknownTitle, $"title '{request.TitleId}' does not exist");
        if (title.Metadata.Maturity > member.Profile.MaturityLimit)
        {
            return Refused(RefusalReason.MaturityAboveLimit,
                $"'{title.Metadata.Name}' is rated {title.Metadata.Maturity.Label()}, above this profile's limit of {member.Profile.MaturityLimit.Label()}");
        }
        if (assets is null)
            return Refused(RefusalReason.TitleNotReady, notHereYet is null
                ? $"'{title.Metadata.Name}' is not ready to play ({title.Availability})"
                : $"'{title.Metadata.Name}' is not ready to play in {notHereYet.Region} yet: {notHereYet.Describe()}");
        var renditions = DeviceProfiles.Allowed(assets.Video.Select(v => v.Rendition), request.Device, member.Caps);
        if (renditions.Length == 0)
        {
            var lowest = assets.Video.Select(v => v.Rendition).MinBy(r => r.Height);
            return Refused(RefusalReason.PlanExcludesResolution,
                $"the {member.Plan} plan streams up to {member.Caps.MaxVideoHeight}p; '{title.Metadata.Name}' starts at {lowest?.Name ?? "no video"}");
        }

        var o = options.Value;
        var leases = GrainFactory.GetGrain<IStreamLeaseGrain>(request.MemberId);
        if (!await leases.TryAcquire(SessionId, member.Caps.ConcurrentStreams, o.SessionTimeout))
        {
            return Refused(RefusalReason.TooManyStreams,
                $"the {member.Plan} plan allows {member.Caps.ConcurrentStreams} stream(s) at once, and all are in use");
        }

        SteeringResult steered;
        try
        {
            steered = await GrainFactory.GetGrain<ISteeringGrain>(request.ClientRegion).Steer(
                new SteeringRequest(request.TitleId, SessionId, request.ClientRegion, request.ClientLocation, renditions.Max(r => r.Height)));
        }
        catch (Exception e) when (e is InvalidOperationException or NotFoundException)
        {
            await leases.Release(SessionId);
            return Refused(RefusalReason.NoEdgeAvailable, $"no edge can stream it now: {e.Message}");
        }

        var audio = TrackSelection.Audio(assets.Audio, request.AudioLanguage, member.Profile.Language);
        var subtitles = TrackSelection.Subtitles(assets.Subtitles, request.SubtitleLanguage, member.Profile.Language, audio);
        var resume = member.Resume?.Position ?? TimeSpan.Zero;
        var duration = MediaDuration(assets) ?? title.Metadata.Runtime;
        if (duration > TimeSpan.Zero && resume >= duration - o.FinishedWithin) resume = TimeSpan.Zero;

        var now = clock.GetUtcNow();
        var manifest = new PlaybackManifest(SessionId, request.TitleId,
            [.. steered.Edges.Select(e => new ManifestEdge(e.EdgeId, e.MasterPlaylistUrl))],
            renditions, audio, subtitles, resume, steered.ExpiresAt, o.HeartbeatEvery, assets.TrickPlay?.Vtt);
        state.State.Request = request;
        state.State.Manifest = manifest;
        state.State.StartedAt = now;
        state.State.LastHeartbeatAt = now;
        state.State.Position = resume;
        state.State.ServedIn = home.Name;
        try
        {
            await state.WriteOrRollBackAsync();
        }
        catch
        {
            await leases.Release(SessionId);
            throw;
        }
        traffic.Started(SessionId);
        metrics.PlayStarted();
        analytics.Publish(AnalyticsEvent.PlayStart(now, home.Name, request.MemberId, request.TitleId, SessionId, resume));
        return new PlaybackStart(manifest, null);
    }

    public async Task<PlaybackSessionView> Heartbeat(PlaybackHeartbeat heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var request = EnsurePlaying();
        var o = options.Value;
        if (!await GrainFactory.GetGrain<IStreamLeaseGrain>(request.MemberId).Renew(SessionId, o.SessionTimeout))
        {
            // The lease lapsed (or its grain was lost) while this session still counted as playing: take a slot again if one is free.
            var caps = (await GrainFactory.GetGrain<IMemberGrain>(request.MemberId).PlaybackProfile(request.TitleId))?.Caps;
            if (caps is null || !await GrainFactory.GetGrain<IStreamLeaseGrain>(request.MemberId).TryAcquire(SessionId, caps.ConcurrentStreams, o.SessionTimeout))
                throw new InvalidOperationException($"session {SessionId} lost its stream slot; start a new one");
        }
        state.State.LastHeartbeatAt = clock.GetUtcNow();
        state.State.Position = heartbeat.Position;
        state.State.LastHeartbeat = heartbeat;
        var arrivedFrom = state.State.ServedIn != home.Name ? state.State.ServedIn ?? "unknown" : null;
        state.State.ServedIn = home.Name;
        await state.WriteOrRollBackAsync();
        traffic.Heartbeat(SessionId, arrivedFrom);
        await GrainFactory.GetGrain<IMemberGrain>(request.MemberId).SetResumePoint(request.TitleId, heartbeat.Position);
        return View();
    }

    public async Task<PlaybackSessionView> StopPlayback(TimeSpan position, QoeSummary? qoe)
    {
        if (state.State.Request is not { } request) throw new InvalidOperationException($"session {SessionId} was never started");
        if (state.State.Stopped) return View();
        state.State.Stopped = true;
        state.State.Position = position;
        state.State.Qoe = qoe;
        var arrivedFrom = state.State.ServedIn != home.Name ? state.State.ServedIn ?? "unknown" : null;
        state.State.ServedIn = home.Name;
        await state.WriteOrRollBackAsync();
        if (arrivedFrom is not null) traffic.Arrived(SessionId, arrivedFrom);
        var now = clock.GetUtcNow();
        analytics.Publish(AnalyticsEvent.PlayStop(now, home.Name, request.MemberId, request.TitleId, SessionId, position));
        if (qoe is not null) analytics.Publish(AnalyticsEvent.QoeReport(now, home.Name, request.MemberId, request.TitleId, SessionId, qoe));
        await GrainFactory.GetGrain<IStreamLeaseGrain>(request.MemberId).Release(SessionId);
        var member = GrainFactory.GetGrain<IMemberGrain>(request.MemberId);
        await member.SetResumePoint(request.TitleId, position);
        await member.RecordViewing(new ViewingEvent(request.TitleId, now, position));
        return View();
    }

    private PlaybackStart Refused(RefusalReason reason, string message)
    {
        metrics.PlayRefused(reason);
        return PlaybackStart.Refused(reason, message);
    }

    /// <summary>How long the published media plays (its first video rendition's segments), which may differ from the catalog's runtime.</summary>
    private static TimeSpan? MediaDuration(TitleAssets assets)
    {
        if (assets.Video.Length == 0) return null;
        var seconds = assets.SegmentsOf(assets.Video[0]).Sum(f => f.DurationSeconds);
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
    }

    public Task<PlaybackSessionView?> Get() => Task.FromResult(state.State.Request is null ? null : View());

    public Task<PlaybackManifest?> ManifestFor(string memberId) =>
        Task.FromResult(state.State.Request is { } request && string.Equals(request.MemberId, memberId, StringComparison.Ordinal) ? state.State.Manifest : null);

    private PlaybackRequest EnsurePlaying()
    {
        if (state.State.Request is not { } request) throw new InvalidOperationException($"session {SessionId} was never started");
        var status = Status();
        if (status != PlaybackStatus.Playing) throw new InvalidOperationException($"session {SessionId} is {status}; start a new one");
        return request;
    }

    private PlaybackStatus Status() =>
        state.State.Stopped ? PlaybackStatus.Stopped
        : clock.GetUtcNow() - state.State.LastHeartbeatAt > options.Value.SessionTimeout ? PlaybackStatus.TimedOut
        : PlaybackStatus.Playing;

    private PlaybackSessionView View()
    {
        var s = state.State;
        return new PlaybackSessionView(SessionId, s.Request!.MemberId, s.Request.TitleId, s.Request.Device, Status(), s.StartedAt, s.LastHeartbeatAt,
            s.Position, s.LastHeartbeat, s.Qoe);
    }
}
