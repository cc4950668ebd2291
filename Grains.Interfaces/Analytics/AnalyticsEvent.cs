using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Analytics;

public enum AnalyticsEventKind
{
    /// <summary>A title was shown to a member on a browse screen, with one artwork variant, in a row at a position.</summary>
    Impression,
    /// <summary>A playback session started.</summary>
    PlayStart,
    /// <summary>A playback session stopped (position reached).</summary>
    PlayStop,
    /// <summary>The player's QoE summary at the end of a play.</summary>
    Qoe,
    /// <summary>
    /// A whole home screen shown, on the analytics stream only: one impression per tile (<see cref="AnalyticsEvent.Tiles"/>),
    /// expanded into <see cref="Impression"/> events before the log, so the log holds exactly what per-title events would.
    /// </summary>
    ScreenShown,
}

/// <summary>One title of a screen shown: the image chosen for it, its row and its position in the row.</summary>
[GenerateSerializer, Immutable, Alias("netflix.ShownTile")]
public readonly record struct ShownTile(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string ArtworkId,
    [property: Id(2)] string Row,
    [property: Id(3)] int RowPosition);

/// <summary>
/// One fact for the append-only analytics log. <see cref="EventId"/> is unique per fact, so a redelivered event is
/// stored once. Only the fields of its kind are set: artwork, row and position for an impression; session and
/// position for a play start or stop; session and <see cref="QoeSummary"/> for QoE; the tiles for a screen shown (whose
/// <see cref="TitleId"/> is empty).
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.AnalyticsEvent")]
public sealed record AnalyticsEvent(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] AnalyticsEventKind Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Region,
    [property: Id(4)] string MemberId,
    [property: Id(5)] string TitleId,
    [property: Id(6)] string? ArtworkId = null,
    [property: Id(7)] string? Row = null,
    [property: Id(8)] int? RowPosition = null,
    [property: Id(9)] string? SessionId = null,
    [property: Id(10)] TimeSpan? Position = null,
    [property: Id(11)] QoeSummary? Qoe = null,
    [property: Id(12)] ShownTile[]? Tiles = null)
{
    public static AnalyticsEvent Impression(DateTimeOffset at, string region, string memberId, string titleId, string artworkId, string row, int rowPosition) =>
        new(Guid.NewGuid(), AnalyticsEventKind.Impression, at, region, memberId, titleId, artworkId, row, rowPosition);

    /// <summary>A screen's impressions as one event: a stream message per screen instead of one per title shown.</summary>
    public static AnalyticsEvent ScreenShown(Guid eventId, DateTimeOffset at, string region, string memberId, ShownTile[] tiles) =>
        new(eventId, AnalyticsEventKind.ScreenShown, at, region, memberId, "", Tiles: tiles);

    public static AnalyticsEvent PlayStart(DateTimeOffset at, string region, string memberId, string titleId, string sessionId, TimeSpan position) =>
        new(Guid.NewGuid(), AnalyticsEventKind.PlayStart, at, region, memberId, titleId, SessionId: sessionId, Position: position);

    public static AnalyticsEvent PlayStop(DateTimeOffset at, string region, string memberId, string titleId, string sessionId, TimeSpan position) =>
        new(Guid.NewGuid(), AnalyticsEventKind.PlayStop, at, region, memberId, titleId, SessionId: sessionId, Position: position);

    public static AnalyticsEvent QoeReport(DateTimeOffset at, string region, string memberId, string titleId, string sessionId, QoeSummary qoe) =>
        new(Guid.NewGuid(), AnalyticsEventKind.Qoe, at, region, memberId, titleId, SessionId: sessionId, Qoe: qoe);
}
