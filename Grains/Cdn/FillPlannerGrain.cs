using Microsoft.Extensions.Options;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Cdn;

/// <summary>
/// Turns the region's plays into what each edge should hold: popularity decayed with
/// <c>Netflix:Cdn:PopularityHalfLife</c> (<see cref="TitlePopularity"/>), split among the edges of each
/// site within <c>Netflix:Cdn:FillShare</c> of their capacity (<see cref="FillSelection"/>), the rest of
/// each cache left for misses. In memory: popularity rebuilds from plays after a restart, and an empty
/// plan only means edges fill on demand.
/// </summary>
[GrainType("fill-planner")]
public sealed class FillPlannerGrain(IOptions<CdnOptions> options, TimeProvider clock) : Grain, IFillPlannerGrain
{
    private static readonly TimeSpan AssetsTtl = TimeSpan.FromMinutes(1);
    private readonly TitlePopularity _popularity = new(options.Value.PopularityHalfLife);

    // Each edge asks every fill round; titles' file lists change only on a new publish, so they are kept a minute.
    private readonly Dictionary<string, (TitleAssets? Assets, DateTimeOffset At)> _assets = new(StringComparer.Ordinal);

    public Task RecordPlays(TitlePlayCount[] plays)
    {
        var now = clock.GetUtcNow();
        foreach (var play in plays)
        {
            if (GrainKeys.Problem(play.TitleId) is null && play.Plays > 0 && double.IsFinite(play.Plays)) _popularity.RecordPlays(play.TitleId, play.Plays, now);
        }
        return Task.CompletedTask;
    }

    public Task<TitlePlayCount[]> Popular(int count) =>
        Task.FromResult(_popularity.Top(Math.Clamp(count, 0, 10_000), clock.GetUtcNow()).Select(t => new TitlePlayCount(t.TitleId, t.Score)).ToArray());

    public async Task<FillPlan> PlanFor(string edgeId)
    {
        var live = await GrainFactory.GetGrain<IEdgeRegistryGrain>(this.GetPrimaryKeyString()).Live();
        if (!live.Any(e => e.Report.EdgeId == edgeId)) return new FillPlan(edgeId, [], [], 0);
        var o = options.Value;
        var now = clock.GetUtcNow();
        var candidates = _popularity.Top(o.FillCandidates, now);
        var stale = candidates.Select(c => c.TitleId).Where(t => !_assets.TryGetValue(t, out var known) || now - known.At > AssetsTtl).ToArray();
        var fetched = await Task.WhenAll(stale.Select(t => GrainFactory.GetGrain<ITitleAssetsGrain>(t).Get()));
        for (var i = 0; i < stale.Length; i++) _assets[stale[i]] = (fetched[i], now);

        var edges = live.Select(e => new FillEdge(e.Report.EdgeId, e.Report.Location, (long)(e.Report.CapacityBytes * o.FillShare),
            e.Report.TitlesHeld.ToHashSet(StringComparer.Ordinal))).ToArray();
        var titles = candidates.Where(c => _assets[c.TitleId].Assets is not null).Select(c => new RankedTitle(_assets[c.TitleId].Assets!, c.Score)).ToArray();
        return FillSelection.PlanRegion(edges, titles, o.ReplicateAbovePlayShare, o.FillReplicas, o.FillKeepBonus)[edgeId];
    }
}
