namespace Orleans.Netflix.Grains.Media.Copies;

/// <summary>
/// A region's copier (key: the region's name): brings every title's current media that another region holds, and
/// this region does not, into this region's origin storage, and records progress in its holdings.
/// </summary>
[Alias("netflix.IOriginSyncGrain")]
public interface IOriginSyncGrain : IGrainWithStringKey
{
    /// <summary>Keeps the copier running (it compares holdings on a timer from its activation on); idempotent.</summary>
    [Alias("Start")]
    Task Start();

    /// <summary>Compares holdings and starts the copies due now (what the timer does); returns how many copies are running.</summary>
    [Alias("SyncNow")]
    Task<int> SyncNow();
}
