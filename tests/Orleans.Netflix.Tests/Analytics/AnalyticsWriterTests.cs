using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Grains.Analytics;
using static Orleans.Netflix.Tests.Analytics.AnalyticsEvents;

namespace Orleans.Netflix.Tests.Analytics;

/// <summary>The silo's batching writer on its own, over a store that can be made to fail.</summary>
public sealed class AnalyticsWriterTests
{
    private static AnalyticsWriter Writer(IAnalyticsStore store, CapturingLogger<AnalyticsWriter> logger, int batch = 500, TimeSpan? drain = null) =>
        new(store, Options.Create(new AnalyticsOptions
        {
            WriteBatch = batch,
            WriteEvery = TimeSpan.FromMilliseconds(50),
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            DrainTimeout = drain ?? TimeSpan.FromSeconds(10),
        }), logger);

    private static AnalyticsEvent[] Plays(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Played($"m-{i % 37}", $"t-{i % 11}", TimeSpan.FromSeconds(i)))];

    [Fact]
    public async Task AFailedWrite_IsRetried_AndFlushReturnsOnlyOnceEveryEventIsStored()
    {
        var store = new FlakyStore(failures: 2);
        var logger = new CapturingLogger<AnalyticsWriter>();
        await using var writer = Writer(store, logger);
        writer.Start();
        var events = Plays(1_200);

        await writer.Write(events);
        await writer.Flush();

        Assert.Equal(1_200, store.Inner.Count);
        Assert.Equal(2, writer.FailedWrites);
        Assert.Equal(writer.Accepted, writer.Written);
        Assert.All(store.Batches, size => Assert.InRange(size, 1, 500));
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("failed to write"));
    }

    [Fact]
    public async Task Events_AreWrittenInBatches_NotOneByOne()
    {
        var store = new FlakyStore(failures: 0);
        await using var writer = Writer(store, new CapturingLogger<AnalyticsWriter>(), batch: 100);
        writer.Start();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => writer.Write(Plays(100)).AsTask()));
        await writer.Flush();

        Assert.Equal(1_000, store.Inner.Count);
        Assert.True(store.Batches.Count <= 15, $"{store.Batches.Count} writes for 1,000 events");
        Assert.All(store.Batches, size => Assert.InRange(size, 1, 100));
    }

    [Fact]
    public async Task ABatchIsWritten_WithoutAFlush_WithinTheBatchInterval()
    {
        var store = new FlakyStore(failures: 0);
        await using var writer = Writer(store, new CapturingLogger<AnalyticsWriter>());
        writer.Start();

        await writer.Write(Plays(3));

        await Infrastructure.Eventually.TrueAsync(() => Task.FromResult(store.Inner.Count == 3), seconds: 5);
    }

    [Fact]
    public async Task AWriterStoppingWhileTheStoreIsDown_GivesUpAfterTheDrainTimeout_AndSaysHowManyEventsItLost()
    {
        var store = new FlakyStore(failures: int.MaxValue);
        var logger = new CapturingLogger<AnalyticsWriter>();
        var writer = Writer(store, logger, drain: TimeSpan.FromMilliseconds(500));
        writer.Start();
        await writer.Write(Plays(42));
        var flush = writer.Flush();

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await writer.StopAsync(CancellationToken.None);

        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(0, store.Inner.Count);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("42 event(s) not written"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush); // a flush never claims what was not written
        await writer.DisposeAsync();
    }

    /// <summary>A memory store whose first <c>failures</c> appends throw, as a database that is briefly down.</summary>
    private sealed class FlakyStore(int failures) : IAnalyticsStore
    {
        private int _failuresLeft = failures;

        public MemoryAnalyticsStore Inner { get; } = new();

        public ConcurrentQueue<int> Batches { get; } = new();

        public Task<int> Append(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref _failuresLeft) >= 0) throw new TimeoutException("the analytics database did not answer");
            Batches.Enqueue(events.Count);
            return Inner.Append(events, cancellationToken);
        }

        public Task<TitleStats> TitleStats(string titleId, TimeSpan takeWindow, CancellationToken cancellationToken) =>
            Inner.TitleStats(titleId, takeWindow, cancellationToken);

        public Task<IReadOnlyList<MemberTitlePlays>> PlayCounts(CancellationToken cancellationToken) => Inner.PlayCounts(cancellationToken);

        public Task<IReadOnlyList<TitlePlays>> Trending(string region, DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
            Inner.Trending(region, since, limit, cancellationToken);
    }
}

/// <summary>Keeps what was logged, so a test can check that a failure was reported.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception)));
}
