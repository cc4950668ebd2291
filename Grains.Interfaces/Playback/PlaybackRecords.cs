using Orleans.Netflix.Media;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Playback;

/// <summary>
/// A member pressing play: on which device kind, from where (for steering), and optionally which
/// audio and subtitle language (null: the member's language; "off" turns subtitles off).
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.PlaybackRequest")]
public sealed record PlaybackRequest(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string TitleId,
    [property: Id(2)] DeviceKind Device,
    [property: Id(3)] string ClientRegion,
    [property: Id(4)] string ClientLocation,
    [property: Id(5)] string? AudioLanguage = null,
    [property: Id(6)] string? SubtitleLanguage = null);

/// <summary>One steered edge in a manifest: a signed, expiring master playlist URL, best first.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ManifestEdge")]
public sealed record ManifestEdge([property: Id(0)] string EdgeId, [property: Id(1)] string MasterPlaylistUrl);

/// <summary>
/// What a player needs to start: where to stream from (ranked edges), which renditions it may use
/// (tallest first), which audio and subtitle tracks, where to start, how often to heartbeat, and where the
/// trick-play thumbnails' WebVTT index is (<see cref="TrickPlay"/>: a path relative to each edge's master playlist
/// URL, so it resolves under the same signed token; null when the title has none).
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.PlaybackManifest")]
public sealed record PlaybackManifest(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string TitleId,
    [property: Id(2)] ManifestEdge[] Edges,
    [property: Id(3)] Rendition[] Renditions,
    [property: Id(4)] string AudioLanguage,
    [property: Id(5)] string? SubtitleLanguage,
    [property: Id(6)] TimeSpan StartPosition,
    [property: Id(7)] DateTimeOffset ExpiresAt,
    [property: Id(8)] TimeSpan HeartbeatEvery,
    [property: Id(9)] string? TrickPlay = null);

public enum RefusalReason
{
    UnknownMember,
    UnknownTitle,
    TitleNotReady,
    MaturityAboveLimit,
    PlanExcludesResolution,
    TooManyStreams,
    NoEdgeAvailable,
}

/// <summary>Why a play was refused, in words a member can act on.</summary>
[GenerateSerializer, Immutable, Alias("netflix.PlaybackRefusal")]
public sealed record PlaybackRefusal([property: Id(0)] RefusalReason Reason, [property: Id(1)] string Message);

/// <summary>Either a manifest or a refusal.</summary>
[GenerateSerializer, Immutable, Alias("netflix.PlaybackStart")]
public sealed record PlaybackStart([property: Id(0)] PlaybackManifest? Manifest, [property: Id(1)] PlaybackRefusal? Refusal)
{
    public static PlaybackStart Refused(RefusalReason reason, string message) => new(null, new PlaybackRefusal(reason, message));
}

/// <summary>What a playing client reports every few seconds.</summary>
[GenerateSerializer, Immutable, Alias("netflix.PlaybackHeartbeat")]
public sealed record PlaybackHeartbeat(
    [property: Id(0)] TimeSpan Position,
    [property: Id(1)] int BitrateKbps,
    [property: Id(2)] double BufferSeconds,
    [property: Id(3)] int Rebuffers,
    [property: Id(4)] string EdgeId);

/// <summary>How a play went, as the client measured it.</summary>
[GenerateSerializer, Immutable, Alias("netflix.QoeSummary")]
public sealed record QoeSummary(
    [property: Id(0)] double StartupSeconds,
    [property: Id(1)] int Rebuffers,
    [property: Id(2)] double RebufferSeconds,
    [property: Id(3)] double PlayedSeconds,
    [property: Id(4)] double MeanBitrateKbps,
    [property: Id(5)] int Switches,
    [property: Id(6)] Dictionary<string, long> BytesPerEdge)
{
    public double RebufferRatio => PlayedSeconds + RebufferSeconds <= 0 ? 0 : RebufferSeconds / (PlayedSeconds + RebufferSeconds);
}

public enum PlaybackStatus
{
    Playing,
    Stopped,

    /// <summary>No heartbeat within the session timeout: the client is gone, its stream slot is free.</summary>
    TimedOut,
}

/// <summary>A session as its grain knows it.</summary>
[GenerateSerializer, Immutable, Alias("netflix.PlaybackSessionView")]
public sealed record PlaybackSessionView(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] string TitleId,
    [property: Id(3)] DeviceKind Device,
    [property: Id(4)] PlaybackStatus Status,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset LastHeartbeatAt,
    [property: Id(7)] TimeSpan Position,
    [property: Id(8)] PlaybackHeartbeat? LastHeartbeat,
    [property: Id(9)] QoeSummary? Qoe);
