using Orleans.Netflix.Grains.Analytics;
using static Orleans.Netflix.Tests.Analytics.AnalyticsEvents;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>The dev default's log: idempotent appends and the counting rules.</summary>
public sealed class MemoryAnalyticsStoreTests
{
    [Fact]
    public async Task AnEventAppendedTwice_IsStoredOnce()
    {
        var store = new MemoryAnalyticsStore();
        var play = Played("m-1", "t-1", Minutes(0));

        Assert.Equal(1, await store.Append([play], default));
        Assert.Equal(1, await store.Append([play, Played("m-2", "t-1", Minutes(1))], default));
        Assert.Equal(0, await store.Append([play], default));

        Assert.Equal(2, (await store.TitleStats("t-1", TakeWindowCases.Window, default)).PlayStarts);
    }

    [Fact]
    public async Task TakeRate_CountsOnlyPlaysBySameMemberWithinTheWindowAfterTheImpression()
    {
        var store = new MemoryAnalyticsStore();
        await store.Append(TakeWindowCases.Events("t-w", "t-other"), default);

        TakeWindowCases.AssertCounters(await store.TitleStats("t-w", TakeWindowCases.Window, default));
    }

    [Fact]
    public async Task ATitleWithNoEvents_HasZeroCounters()
    {
        var stats = await new MemoryAnalyticsStore().TitleStats("t-none", TakeWindowCases.Window, default);

        Assert.Equal((0L, 0L, 0L, 0L, 0L), (stats.Impressions, stats.PlayStarts, stats.PlayStops, stats.QoeReports, stats.Members));
        Assert.Empty(stats.Artwork);
    }

    [Fact]
    public async Task PlayCountsAndTrending_CountPlayStarts()
    {
        var store = new MemoryAnalyticsStore();
        await store.Append(
        [
            Played("m-1", "t-1", Minutes(0), "us-east"), Played("m-1", "t-1", Minutes(1), "us-east"), Played("m-1", "t-2", Minutes(2), "eu-west"),
            Played("m-2", "t-2", Minutes(0), "us-east"), Played("m-3", "t-2", Minutes(0), "us-east"), Played("m-3", "t-3", Minutes(-60), "us-east"),
            Played("m-4", "t-2", Minutes(5), "us-east"), Played("m-4", "t-1", Minutes(6), "us-west"), Shown("m-5", "t-4", "a", Minutes(0)),
        ], default);

        var counts = await store.PlayCounts(default);
        Assert.Equal(new MemberTitlePlays[]
        {
            new("m-1", "t-1", "eu-west", 2), new("m-1", "t-2", "eu-west", 1), // m-1 last played in eu-west
            new("m-2", "t-2", "us-east", 1), new("m-3", "t-2", "us-east", 1), new("m-3", "t-3", "us-east", 1),
            new("m-4", "t-1", "us-west", 1), new("m-4", "t-2", "us-west", 1),
        }, counts);
        // Since T0 in us-east: t-2 three times, t-1 twice; t-3 only before T0; impressions are not plays.
        Assert.Equal(new TitlePlays[] { new("t-2", 3), new("t-1", 2) }, await store.Trending("us-east", T0, 10, default));
        Assert.Equal(new TitlePlays[] { new("t-2", 3) }, await store.Trending("us-east", T0, 1, default));
        Assert.Equal(new TitlePlays[] { new("t-1", 1) }, await store.Trending("us-west", T0, 10, default));
    }
}
