namespace Orleans.Netflix.Grains.Analytics;

/// <summary>
/// The subscriber of one analytics stream partition (key: "p0" to "p7", see <see cref="Netflix.Analytics.AnalyticsStreams"/>),
/// activated by its stream's first event.
/// </summary>
[Alias("netflix.IAnalyticsPartitionGrain")]
public interface IAnalyticsPartitionGrain : IGrainWithStringKey
{
    /// <summary>Completes once every event this partition received before the call is in the store.</summary>
    [Alias("Flush")]
    Task Flush();
}
