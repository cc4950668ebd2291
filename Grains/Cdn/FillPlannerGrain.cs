using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Cdn;

/// <summary>
/// Popularity from plays, decayed with a half-life (<c>Netflix:Cdn:PopularityHalfLife</c>, 1 day) so
/// yesterday's hit gives way to today's; each edge's plan takes whole titles in popularity order while
/// they fit in <c>Netflix:Cdn:FillShare</c> of its capacity, leaving the rest for misses. In memory:
/// popularity rebuilds from plays after a restart, and an empty plan only means edges fill on demand.
/// </summary>
[GrainType("fill-planner")]
public sealed class FillPlannerGrain(IOptions<CdnOptions> options, TimeProvider clock) : Grain, IFillPlannerGrain
{
    private static readonly TimeSpan AssetsTtl = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, (double Score, DateTimeOffset At)> _plays = new(StringComparer.Ordinal);

    // Each edge asks every fill round; titles' file lists change only on a new publish, so they are kept a minute.
    private readonly Dictionary<string, (TitleAssets? Assets, DateTimeOffset At)> _assets = new(StringComparer.Ordinal);

    public Task RecordPlay(string titleId)
    {
        var now = clock.GetUtcNow();
        _plays[titleId] = (Popularity(titleId, now) + 1, now);
        return Task.CompletedTask;
    }

    public async Task<FillPlan> PlanFor(string edgeId)
    {
        var edge = (await GrainFactory.GetGrain<IEdgeRegistryGrain>(this.GetPrimaryKeyString()).Live()).FirstOrDefault(e => e.Report.EdgeId == edgeId);
        if (edge is null) return new FillPlan(edgeId, [], [], 0);
        var now = clock.GetUtcNow();
        var candidates = _plays.Keys.OrderByDescending(t => Popularity(t, now)).ThenBy(t => t, StringComparer.Ordinal).Take(options.Value.FillCandidates).ToArray();
        var stale = candidates.Where(t => !_assets.TryGetValue(t, out var known) || now - known.At > AssetsTtl).ToArray();
        var fetched = await Task.WhenAll(stale.Select(t => GrainFactory.GetGrain<ITitleAssetsGrain>(t).Get()));
        for (var i = 0; i < stale.Length; i++) _assets[stale[i]] = (fetched[i], now);
        return FillSelection.Choose(edgeId, candidates.Select(t => _assets[t].Assets).OfType<TitleAssets>(),
            (long)(edge.Report.CapacityBytes * options.Value.FillShare));
    }

    private double Popularity(string titleId, DateTimeOffset now) =>
        _plays.TryGetValue(titleId, out var p) ? p.Score * Math.Pow(0.5, (now - p.At) / options.Value.PopularityHalfLife) : 0;
}
