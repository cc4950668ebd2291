using Microsoft.Extensions.Logging;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Personalization;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// Implicitly subscribed to one partition of the analytics stream: hands each delivered batch to this silo's
/// <see cref="AnalyticsWriter"/> (delivery waits only while the writer's buffer is full), a screen shown as its
/// impressions (<see cref="ScreenImpressions"/>), and tells the title's
/// <see cref="IArtworkGrain"/> about every play start so the artwork bandit learns which impressions were taken.
/// That call is not awaited: artwork learning never holds up the log, and its failures are only logged.
/// </summary>
[ImplicitStreamSubscription(AnalyticsStreams.Namespace)]
[GrainType("analytics-partition")]
public sealed class AnalyticsPartitionGrain(AnalyticsWriter writer, ILogger<AnalyticsPartitionGrain> logger)
    : Grain, IAnalyticsPartitionGrain, IStreamSubscriptionObserver
{
    private static readonly TimeSpan LogArtworkFailuresEvery = TimeSpan.FromMinutes(1);
    private DateTime _lastArtworkFailureLog = DateTime.MinValue;
    private long _artworkFailures;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<AnalyticsEvent>().ResumeAsync(OnBatch);

    public Task Flush() => writer.Flush();

    private async Task OnBatch(IList<SequentialItem<AnalyticsEvent>> items)
    {
        var events = new List<AnalyticsEvent>(items.Count);
        foreach (var item in items)
        {
            var e = item.Item;
            if (e.Kind == AnalyticsEventKind.PlayStart) _ = RecordPlay(e);
            ScreenImpressions.AddTo(events, e);
        }
        await writer.Write(events);
    }

    private async Task RecordPlay(AnalyticsEvent play)
    {
        try
        {
            await GrainFactory.GetGrain<IArtworkGrain>(play.TitleId).RecordPlay(play.MemberId, play.At);
        }
        catch (Exception e)
        {
            _artworkFailures++;
            if (DateTime.UtcNow - _lastArtworkFailureLog < LogArtworkFailuresEvery) return;
            _lastArtworkFailureLog = DateTime.UtcNow;
            logger.LogWarning(e, "Artwork grain of {TitleId} did not take play {EventId} ({Failures} such failures on {Partition})",
                play.TitleId, play.EventId, _artworkFailures, this.GetPrimaryKeyString());
        }
    }
}
