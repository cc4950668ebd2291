using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;

namespace Orleans.Netflix.Grains.Cdn;

/// <summary>
/// The plays this silo's steering has counted and not yet told the fill planners: one one-way message per
/// region every <see cref="CdnOptions.PlayTallyEvery"/> instead of one per play to the region's single planner.
/// Popularity is soft state (it decays over a day), so the plays of the last moment before a silo stops may be lost.
/// </summary>
public sealed class PlayTally(IGrainFactory grains, IOptions<CdnOptions> options, TimeProvider clock, ILogger<PlayTally> logger) : IDisposable
{
    private readonly object _lock = new();
    private Dictionary<(string Region, string TitleId), int> _counts = [];
    private ITimer? _timer;

    /// <summary>Counts one play of <paramref name="titleId"/> in <paramref name="region"/>.</summary>
    public void Count(string region, string titleId)
    {
        lock (_lock)
        {
            _counts[(region, titleId)] = _counts.GetValueOrDefault((region, titleId)) + 1;
            var every = options.Value.PlayTallyEvery;
            _timer ??= clock.CreateTimer(_ => _ = FlushAsync(), null, every, every);
        }
    }

    /// <summary>Tells each region's planner the plays counted since the last time.</summary>
    public async Task FlushAsync()
    {
        Dictionary<(string Region, string TitleId), int> counted;
        lock (_lock)
        {
            if (_counts.Count == 0) return;
            counted = _counts;
            _counts = [];
        }
        foreach (var region in counted.GroupBy(c => c.Key.Region))
        {
            try
            {
                await grains.GetGrain<IFillPlannerGrain>(region.Key).RecordPlays([.. region.Select(c => new TitlePlayCount(c.Key.TitleId, c.Value))]);
            }
            catch (Exception e)
            {
                logger.LogWarning("Could not tell the {Region} fill planner of {Plays} plays: {Error}", region.Key, region.Sum(c => c.Value), e.Message);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock) _timer?.Dispose();
    }
}
