using Orleans.Netflix.Analytics;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>Crafted events for tests: fixed times, so take-window edges can be placed exactly.</summary>
public static class AnalyticsEvents
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 20, 0, 0, TimeSpan.Zero);

    public static AnalyticsEvent Shown(string member, string title, string artwork, TimeSpan at, string region = "us-east") =>
        AnalyticsEvent.Impression(T0 + at, region, member, title, artwork, "Trending Now", 3);

    public static AnalyticsEvent Played(string member, string title, TimeSpan at, string region = "us-east") =>
        AnalyticsEvent.PlayStart(T0 + at, region, member, title, $"s-{Guid.NewGuid():N}", TimeSpan.Zero);

    public static AnalyticsEvent Stopped(string member, string title, TimeSpan at, TimeSpan position, string region = "us-east") =>
        AnalyticsEvent.PlayStop(T0 + at, region, member, title, $"s-{Guid.NewGuid():N}", position);

    public static AnalyticsEvent Qoe(string member, string title, TimeSpan at, double playedSeconds, double rebufferSeconds, double bitrateKbps) =>
        AnalyticsEvent.QoeReport(T0 + at, "us-east", member, title, $"s-{Guid.NewGuid():N}",
            new QoeSummary(1.5, rebufferSeconds > 0 ? 1 : 0, rebufferSeconds, playedSeconds, bitrateKbps, 2, new Dictionary<string, long> { ["e1"] = 1000 }));

    public static TimeSpan Minutes(double m) => TimeSpan.FromMinutes(m);
}
