using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Grains.Analytics;
using static Orleans.Netflix.Tests.Analytics.AnalyticsEvents;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>Every region's analytics log read as one: summed plays, each member's latest region, a region's trends from every log.</summary>
public sealed class AllRegionsAnalyticsStoreTests
{
    private static AllRegionsAnalyticsStore Over(string home, IAnalyticsStore own, string other, IAnalyticsStore otherStore, TimeSpan? timeout = null) =>
        new(home, own, new Dictionary<string, IAnalyticsStore> { [other] = otherStore }, NullLogger<AllRegionsAnalyticsStore>.Instance, timeout);

    [Fact]
    public async Task PlayCounts_SumEveryRegion_WithTheRegionOfEachMembersLatestPlay_TheSameFromEitherRegion()
    {
        var (east, west) = (new TimedStore(), new TimedStore());
        await east.Append([Played("m-1", "t-1", Minutes(0), "us-east"), Played("m-1", "t-1", Minutes(1), "us-east"), Played("m-1", "t-2", Minutes(2), "us-east"),
            Played("m-2", "t-2", Minutes(50), "us-east"), Played("m-3", "t-3", Minutes(0), "us-east")], default);
        await west.Append([Played("m-1", "t-1", Minutes(10), "us-west"), Played("m-2", "t-2", Minutes(5), "us-west"), Played("m-4", "t-4", Minutes(0), "us-west")], default);

        var fromEast = await Over("us-east", east, "us-west", west).PlayCounts(default);

        Assert.Equal(new MemberTitlePlays[]
        {
            new("m-1", "t-1", "us-west", 3), new("m-1", "t-2", "us-west", 1), // m-1 last played in us-west
            new("m-2", "t-2", "us-east", 2),                                  // m-2 in us-east, though us-west has plays too
            new("m-3", "t-3", "us-east", 1), new("m-4", "t-4", "us-west", 1),
        }, fromEast);
        Assert.Equal(fromEast, await Over("us-west", west, "us-east", east).PlayCounts(default));
    }

    [Fact]
    public async Task LogsThatCannotDateAPlay_StillSum_AndAgreeOnTheRegion()
    {
        var (east, west) = (new MemoryAnalyticsStore(), new MemoryAnalyticsStore());
        await east.Append([Played("m-1", "t-1", Minutes(9), "us-east")], default);
        await west.Append([Played("m-1", "t-1", Minutes(0), "us-west"), Played("m-1", "t-2", Minutes(1), "us-west")], default);

        var fromEast = await Over("us-east", east, "us-west", west).PlayCounts(default);

        // No times to compare: the region last in ordinal order, from either side.
        Assert.Equal(new MemberTitlePlays[] { new("m-1", "t-1", "us-west", 2), new("m-1", "t-2", "us-west", 1) }, fromEast);
        Assert.Equal(fromEast, await Over("us-west", west, "us-east", east).PlayCounts(default));
    }

    [Fact]
    public async Task Trending_SumsThePlaysStampedWithTheRegion_InEveryLog_AndAppendsAndStatsStayHome()
    {
        var (east, west) = (new MemoryAnalyticsStore(), new MemoryAnalyticsStore());
        var store = Over("us-east", east, "us-west", west);
        await west.Append([Played("m-1", "t-w", Minutes(1), "us-west"), Played("m-3", "t-x", Minutes(1), "us-west")], default);
        // A play of us-west's that was imported through us-east (a seed) is us-west's trend all the same.
        await east.Append([Played("m-4", "t-x", Minutes(2), "us-west")], default);

        Assert.Equal(2, await store.Append([Played("m-2", "t-e", Minutes(1), "us-east"), Shown("m-2", "t-e", "a-1", Minutes(0))], default));
        Assert.Equal(3, east.Count);
        Assert.Equal(2, west.Count);
        Assert.Equal(new TitlePlays[] { new("t-x", 2), new("t-w", 1) }, await store.Trending("us-west", T0, 10, default));
        Assert.Equal(new TitlePlays[] { new("t-e", 1) }, await store.Trending("us-east", T0, 10, default));
        Assert.Equal(await store.Trending("us-west", T0, 10, default), await Over("us-west", west, "us-east", east).Trending("us-west", T0, 10, default));
        Assert.Empty(await store.Trending("eu-west", T0, 10, default));
        Assert.Equal(1, (await store.TitleStats("t-e", TakeWindowCases.Window, default)).Impressions);
        Assert.Equal(0, (await store.TitleStats("t-w", TakeWindowCases.Window, default)).PlayStarts);
    }

    [Fact]
    public async Task AnUnreadableRegion_IsLeftOut_OfPlayCountsAndTrending_AndNoReadableLogAtAllFails()
    {
        var east = new MemoryAnalyticsStore();
        await east.Append([Played("m-1", "t-1", Minutes(0), "us-east")], default);
        var store = Over("us-east", east, "us-west", new BrokenStore());

        Assert.Equal(new MemberTitlePlays[] { new("m-1", "t-1", "us-east", 1) }, await store.PlayCounts(default));
        Assert.Equal(new TitlePlays[] { new("t-1", 1) }, await store.Trending("us-east", T0, 10, default));
        await Assert.ThrowsAnyAsync<Exception>(() => Over("us-east", new BrokenStore(), "us-west", new BrokenStore()).PlayCounts(default));
        await Assert.ThrowsAnyAsync<Exception>(() => Over("us-east", new BrokenStore(), "us-west", new BrokenStore()).Trending("us-east", T0, 10, default));
    }

    [Fact]
    public async Task ARegionThatDoesNotAnswer_IsLeftOutOfTrending_AfterTheTimeout()
    {
        var east = new MemoryAnalyticsStore();
        await east.Append([Played("m-1", "t-1", Minutes(0), "us-west")], default);
        var store = Over("us-east", east, "us-west", new SilentStore(), TimeSpan.FromMilliseconds(100));

        var started = DateTime.UtcNow;
        Assert.Equal(new TitlePlays[] { new("t-1", 1) }, await store.Trending("us-west", T0, 10, default));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        var silent = Over("us-east", new SilentStore(), "us-west", new SilentStore(), TimeSpan.FromMilliseconds(100));
        var error = await Assert.ThrowsAsync<AggregateException>(() => silent.Trending("us-west", T0, 10, default));
        Assert.All(error.InnerExceptions, e => Assert.IsType<TimeoutException>(e));
    }

    /// <summary>A memory log that also dates each member's latest play, as the PostgreSQL log does.</summary>
    private sealed class TimedStore : IAnalyticsStore, ITimedPlayCounts
    {
        private readonly MemoryAnalyticsStore _inner = new();
        private readonly List<AnalyticsEvent> _plays = [];

        public Task<int> Append(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
        {
            _plays.AddRange(events.Where(e => e.Kind == AnalyticsEventKind.PlayStart));
            return _inner.Append(events, cancellationToken);
        }

        public async Task<IReadOnlyList<TimedMemberTitlePlays>> TimedPlayCounts(CancellationToken cancellationToken)
        {
            var latest = _plays.GroupBy(p => p.MemberId).ToDictionary(g => g.Key, g => g.Max(p => p.At));
            return [.. (await _inner.PlayCounts(cancellationToken)).Select(p => new TimedMemberTitlePlays(p, latest[p.MemberId]))];
        }

        public Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow, CancellationToken cancellationToken) => _inner.TitleStats(titleId, takeWindow, cancellationToken);

        public Task<IReadOnlyList<MemberTitlePlays>> PlayCounts(CancellationToken cancellationToken) => _inner.PlayCounts(cancellationToken);

        public Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
            _inner.Trending(region, since, limit, cancellationToken);
    }

    private class BrokenStore : IAnalyticsStore
    {
        public virtual Task<int> Append(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken) => throw new InvalidOperationException("down");

        public virtual Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow, CancellationToken cancellationToken) => throw new InvalidOperationException("down");

        public virtual Task<IReadOnlyList<MemberTitlePlays>> PlayCounts(CancellationToken cancellationToken) => throw new InvalidOperationException("down");

        public virtual Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("down");
    }

    private sealed class SilentStore : BrokenStore
    {
        public override async Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }
}
