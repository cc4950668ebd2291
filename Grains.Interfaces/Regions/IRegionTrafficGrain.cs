using Orleans.Concurrency;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Regions;

/// <summary>
/// A region's playback traffic (key: the region): stream starts per second, Netflix's health signal,
/// and which sessions are heartbeating here since when, so a drill can tell when each client arrived.
/// Silos report what they saw every half second; kept in memory for ten minutes.
/// </summary>
[Alias("netflix.IRegionTrafficGrain")]
public interface IRegionTrafficGrain : INetflixGrain
{
    [Alias("Report"), OneWay, TrustedTierOnly]
    Task Report(TrafficReport report);

    /// <summary>Starts per second and sessions seen since <paramref name="since"/>.</summary>
    [Alias("View"), ReadOnly]
    Task<RegionTrafficView> View(DateTimeOffset since);
}

/// <param name="Starts">Stream starts counted by one silo, per Unix second.</param>
/// <param name="Sessions">Sessions that started or heartbeated on that silo, with when it first and last saw each.</param>
/// <param name="Heartbeats">Session heartbeats counted by that silo, per Unix second.</param>
[GenerateSerializer, Immutable, Alias("netflix.TrafficReport")]
/// <param name="Arrivals">Sessions that moved to this region from another (their first heartbeat here since).</param>
public sealed record TrafficReport([property: Id(0)] SecondCount[] Starts, [property: Id(1)] SessionSeen[] Sessions, [property: Id(2)] SecondCount[] Heartbeats,
    [property: Id(3)] SessionArrival[] Arrivals);

[GenerateSerializer, Immutable, Alias("netflix.SessionArrival")]
public sealed record SessionArrival([property: Id(0)] string SessionId, [property: Id(1)] string From, [property: Id(2)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("netflix.SecondCount")]
public sealed record SecondCount([property: Id(0)] long UnixSecond, [property: Id(1)] int Count);

[GenerateSerializer, Immutable, Alias("netflix.SessionSeen")]
public sealed record SessionSeen([property: Id(0)] string SessionId, [property: Id(1)] DateTimeOffset First, [property: Id(2)] DateTimeOffset Last);

/// <param name="ActiveSessions">Sessions seen within the last <c>ActiveWithin</c> (30 s).</param>
[GenerateSerializer, Immutable, Alias("netflix.RegionTrafficView")]
public sealed record RegionTrafficView(
    [property: Id(0)] string Region,
    [property: Id(1)] SecondCount[] StartsPerSecond,
    [property: Id(2)] SessionSeen[] Sessions,
    [property: Id(3)] int ActiveSessions,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] SecondCount[] HeartbeatsPerSecond,
    [property: Id(6)] SessionArrival[] Arrivals);
