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
    private readonly Dictionary<string, (double Score, DateTimeOffset At)> _plays = new(StringComparer.Ordinal);

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
        var budget = (long)(edge.Report.CapacityBytes * options.Value.FillShare);
        var now = clock.GetUtcNow();
        var titles = new List<string>();
        var files = new List<FillFile>();
        long bytes = 0;
        foreach (var titleId in _plays.Keys.OrderByDescending(t => Popularity(t, now)).ThenBy(t => t, StringComparer.Ordinal).Take(options.Value.FillCandidates))
        {
            var assets = await GrainFactory.GetGrain<ITitleAssetsGrain>(titleId).Get();
            if (assets is null) continue;
            var size = assets.Files.Sum(f => f.Bytes);
            if (bytes + size > budget) continue; // a smaller, less popular title may still fit
            bytes += size;
            titles.Add(titleId);
            files.AddRange(assets.Files.Select(f => new FillFile(titleId, f.Path, f.Bytes, f.Sha256)));
        }
        return new FillPlan(edgeId, [.. titles], [.. files], bytes);
    }

    private double Popularity(string titleId, DateTimeOffset now) =>
        _plays.TryGetValue(titleId, out var p) ? p.Score * Math.Pow(0.5, (now - p.At) / options.Value.PopularityHalfLife) : 0;
}
