using Orleans.Netflix.Analytics;
using static Orleans.Netflix.Tests.Analytics.AnalyticsEvents;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>
/// One title's impressions and plays, placed around a 10-minute take window, with the counters they must give.
/// Both stores are checked against it.
/// </summary>
public static class TakeWindowCases
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public static AnalyticsEvent[] Events(string title, string other) =>
    [
        // "a": five impressions, one taken.
        Shown("m-1", title, "a", Minutes(0)), Played("m-1", title, Minutes(5)),       // taken: 5 min after
        Shown("m-2", title, "a", Minutes(0)), Played("m-2", title, Minutes(11)),      // not: 11 min after
        Shown("m-3", title, "a", Minutes(2)), Played("m-3", title, Minutes(1)),       // not: the play came first
        Shown("m-4", title, "a", Minutes(0)),                                         // not: never played
        Shown("m-1", title, "a", Minutes(6)),                                         // not: m-1 played before this one
        // "b": four impressions, three taken.
        Shown("m-5", title, "b", Minutes(0)), Played("m-5", title, Minutes(10)),      // taken: exactly at the window's end
        Shown("m-6", title, "b", Minutes(0)), Played("m-6", other, Minutes(1)),       // not: played another title
        Shown("m-7", title, "b", Minutes(0)), Shown("m-7", title, "b", Minutes(1)),   // both taken by one play...
        Played("m-7", title, Minutes(3)), Played("m-7", title, Minutes(4)),           // ...each impression counts once
        Stopped("m-1", title, Minutes(30), TimeSpan.FromMinutes(25)),
        Qoe("m-1", title, Minutes(30), playedSeconds: 90, rebufferSeconds: 10, bitrateKbps: 3000),
        Qoe("m-2", title, Minutes(30), playedSeconds: 100, rebufferSeconds: 0, bitrateKbps: 1000),
    ];

    public static void AssertCounters(TitleStats stats)
    {
        Assert.Equal(9, stats.Impressions);
        Assert.Equal(6, stats.PlayStarts);
        Assert.Equal(1, stats.PlayStops);
        Assert.Equal(2, stats.QoeReports);
        Assert.Equal(7, stats.Members); // m-6 only saw it, and played another title
        Assert.Equal(0.05, stats.MeanRebufferRatio, 9);
        Assert.Equal(2000, stats.MeanBitrateKbps, 9);
        Assert.Equal(Window, stats.TakeWindow);
        Assert.Collection(stats.Artwork,
            a => Assert.Equal(("a", 5L, 1L), (a.ArtworkId, a.Impressions, a.PlaysAfter)),
            b => Assert.Equal(("b", 4L, 3L), (b.ArtworkId, b.Impressions, b.PlaysAfter)));
        Assert.Equal(0.75, stats.Artwork[1].TakeRate, 9);
    }
}
