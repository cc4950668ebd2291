namespace Orleans.Netflix.Grains.Analytics;

/// <summary>The analytics event log (configuration section "Netflix:Analytics").</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Netflix:Analytics";

    /// <summary>
    /// An impression counts as taken when the same member starts the title within this long after it. Ten minutes:
    /// long enough to read a synopsis or watch a trailer first, short enough that a play the next evening is not
    /// credited to tonight's artwork.
    /// </summary>
    public TimeSpan TakeWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Events the publisher holds for the stream before it drops new ones (a stream that stopped answering). A busy
    /// silo shows tens of thousands of titles a second on home screens, and its stream calls queue behind that work.
    /// </summary>
    public int PublishBuffer { get; set; } = 200_000;

    /// <summary>The most events one round of stream messages carries (split by partition): large, so a slow round trip under load still moves them all.</summary>
    public int PublishBatch { get; set; } = 4096;

    /// <summary>
    /// How often each queue of the events' stream provider is asked for messages when it had none (Orleans' pulling
    /// agents poll on a timer, busy or not; one that finds messages keeps reading). At most this much latency per event.
    /// </summary>
    public TimeSpan StreamPollEvery { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the publisher waits to fill a stream message before it sends what it has.</summary>
    public TimeSpan PublishEvery { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Events the writer holds before stream delivery waits for it (back-pressure, never loss).</summary>
    public int WriteBuffer { get; set; } = 200_000;

    /// <summary>The most events one write to the store carries.</summary>
    public int WriteBatch { get; set; } = 2000;

    /// <summary>How long the writer waits to fill a batch before it writes what it has.</summary>
    public TimeSpan WriteEvery { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The first wait after a failed write; it doubles on each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a stopping silo keeps writing what it holds before it gives up (and says how many events it lost).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
