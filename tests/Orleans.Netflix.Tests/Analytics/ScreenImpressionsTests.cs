using Orleans.Netflix.Analytics;
using Orleans.Netflix.Grains.Analytics;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>A screen shown travels as one event and reaches the log as one impression per title.</summary>
public sealed class ScreenImpressionsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 18, 0, 0, TimeSpan.Zero);

    private static AnalyticsEvent Screen(Guid id) => AnalyticsEvent.ScreenShown(id, At, "eu-west", "m-7",
    [
        new ShownTile("t-1", "a-1", "Top Picks for You", 0),
        new ShownTile("t-2", "still-3", "Top Picks for You", 1),
        new ShownTile("t-3", "", "Trending in eu-west", 0),
    ]);

    [Fact]
    public void AScreen_BecomesOneImpressionPerTitle_WithItsImageRowAndPosition()
    {
        var log = new List<AnalyticsEvent>();
        ScreenImpressions.AddTo(log, Screen(Guid.NewGuid()));

        Assert.Equal(
            [("t-1", "a-1", "Top Picks for You", 0), ("t-2", "still-3", "Top Picks for You", 1), ("t-3", "", "Trending in eu-west", 0)],
            log.Select(e => (e.TitleId, e.ArtworkId!, e.Row!, e.RowPosition!.Value)).ToArray());
        Assert.All(log, e =>
        {
            Assert.Equal(AnalyticsEventKind.Impression, e.Kind);
            Assert.Equal((At, "eu-west", "m-7"), (e.At, e.Region, e.MemberId));
            Assert.Null(e.Tiles);
        });
        Assert.Equal(3, log.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task AScreenDeliveredTwice_IsLoggedOnce_AndTwoScreensAreLoggedApart()
    {
        var store = new MemoryAnalyticsStore();
        var first = Screen(Guid.NewGuid());
        var log = new List<AnalyticsEvent>();
        ScreenImpressions.AddTo(log, first);
        ScreenImpressions.AddTo(log, first);
        ScreenImpressions.AddTo(log, Screen(Guid.NewGuid()));

        Assert.Equal(6, await store.Append(log, default));
        Assert.Equal(2, (await store.TitleStats("t-1", TimeSpan.FromMinutes(10), default)).Impressions);
    }

    [Fact]
    public void OtherEvents_PassUnchanged_AndCountAsOne()
    {
        var play = AnalyticsEvent.PlayStart(At, "eu-west", "m-7", "t-1", "s-1", TimeSpan.Zero);
        var log = new List<AnalyticsEvent>();
        ScreenImpressions.AddTo(log, play);

        Assert.Same(play, Assert.Single(log));
        Assert.Equal(1, ScreenImpressions.CountOf(play));
        Assert.Equal(3, ScreenImpressions.CountOf(Screen(Guid.NewGuid())));
    }
}
