using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>Reads and bulk writes of the analytics log (see <see cref="IAnalyticsGrain"/>), on whichever silo is called.</summary>
[StatelessWorker]
[GrainType("analytics")]
public sealed class AnalyticsGrain(IAnalyticsStore store, AnalyticsPublisher publisher, IOptions<AnalyticsOptions> options) : Grain, IAnalyticsGrain
{
    public Task<TitleStats> TitleStats(string titleId)
    {
        GrainKeys.Validate(titleId, "title");
        return store.TitleStats(titleId, options.Value.TakeWindow, CancellationToken.None);
    }

    public Task<int> Import(AnalyticsEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (e is null) throw new ArgumentException("an imported event is null");
            if (e.EventId == Guid.Empty) throw new ArgumentException("an imported event has no event id");
            GrainKeys.Validate(e.MemberId, "member");
            GrainKeys.Validate(e.TitleId, "title");
            GrainKeys.Validate(e.Region, "region");
        }
        return store.Append(events, CancellationToken.None);
    }

    /// <summary>
    /// Sends on what this silo has published, then waits for every partition's writer: everything the partitions
    /// received is then in the store. Events still on their way through the stream's queue (polled about every
    /// 100 ms) are not covered, so a caller that just published polls with Flush and a read.
    /// </summary>
    public async Task Flush()
    {
        await publisher.Flush();
        await Task.WhenAll(Enumerable.Range(0, AnalyticsStreams.Partitions)
            .Select(p => GrainFactory.GetGrain<IAnalyticsPartitionGrain>($"p{p}").Flush()));
    }
}
