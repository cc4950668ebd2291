using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Cdn;

/// <summary>One edge as the fill plan sees it: where it is, how many bytes its plan may use, and the titles it holds whole now.</summary>
public sealed record FillEdge(string EdgeId, string Location, long BudgetBytes, IReadOnlySet<string>? TitlesHeld = null);

/// <summary>A title's published files and its current popularity.</summary>
public sealed record RankedTitle(TitleAssets Assets, double Popularity);

/// <summary>
/// What every edge of a region should hold. Edges at one site share their clients (steering sends a
/// client to its own site first, then to an edge that holds the title), so a site's edges split the
/// catalog between them instead of all holding the same few titles: together they hold several times
/// more. Whole titles, most popular first; each title goes to the edge ranked first for it by
/// rendezvous hashing (highest random weight) that still has room, so a title stays where it is when
/// other edges come or go. A title drawing at least <c>replicateAbove</c> of the plays goes to
/// <c>replicas</c> edges, so the hottest load is spread and survives an edge's loss. A title too big
/// for what is left is skipped, not the end: a smaller, less popular one may still fit.
/// Hysteresis keeps fill traffic down: a title an edge of the site already holds counts
/// <c>1 + keepBonus</c> times its popularity and goes back to an edge holding it when that edge has room, so
/// titles near the edge of the plan do not swap in and out (each swap is a whole title pulled from origin).
/// </summary>
public static class FillSelection
{
    public static IReadOnlyDictionary<string, FillPlan> PlanRegion(
        IReadOnlyList<FillEdge> edges, IReadOnlyList<RankedTitle> titlesByPopularity, double replicateAbove, int replicas, double keepBonus = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(keepBonus);
        var plans = new Dictionary<string, FillPlan>(StringComparer.Ordinal);
        foreach (var site in edges.GroupBy(e => e.Location, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var plan in PlanSite([.. site], titlesByPopularity, replicateAbove, replicas, keepBonus)) plans[plan.EdgeId] = plan;
        }
        return plans;
    }

    private static IEnumerable<FillPlan> PlanSite(FillEdge[] edges, IReadOnlyList<RankedTitle> ranked, double replicateAbove, int replicas, double keepBonus)
    {
        bool Holds(FillEdge e, string titleId) => e.TitlesHeld?.Contains(titleId) == true;
        var titles = keepBonus == 0 ? ranked
            : [.. ranked.OrderByDescending(t => edges.Any(e => Holds(e, t.Assets.TitleId)) ? t.Popularity * (1 + keepBonus) : t.Popularity)];
        var left = edges.ToDictionary(e => e.EdgeId, e => e.BudgetBytes, StringComparer.Ordinal);
        var chosen = edges.ToDictionary(e => e.EdgeId, _ => new List<TitleAssets>(), StringComparer.Ordinal);
        var totalPopularity = titles.Sum(t => t.Popularity);
        foreach (var (assets, popularity) in titles)
        {
            var hot = totalPopularity > 0 && popularity / totalPopularity >= replicateAbove;
            var copies = hot ? Math.Min(replicas, edges.Length) : 1;
            var size = assets.Files.Sum(f => f.Bytes);
            var order = edges.OrderByDescending(e => Holds(e, assets.TitleId)).ThenByDescending(e => Weight(assets.TitleId, e.EdgeId));
            foreach (var edge in order.Where(e => left[e.EdgeId] >= size).Take(copies))
            {
                left[edge.EdgeId] -= size;
                chosen[edge.EdgeId].Add(assets);
            }
        }
        return edges.Select(e => Plan(e.EdgeId, chosen[e.EdgeId]));
    }

    private static FillPlan Plan(string edgeId, List<TitleAssets> titles) => new(
        edgeId,
        [.. titles.Select(t => t.TitleId)],
        [.. titles.SelectMany(t => t.Files.Select(f => new FillFile(t.TitleId, f.Path, f.Bytes, f.Sha256)))],
        titles.Sum(t => t.Files.Sum(f => f.Bytes)));

    /// <summary>The rendezvous weight of an edge for a title: stable across processes and restarts.</summary>
    private static ulong Weight(string titleId, string edgeId) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{titleId}\n{edgeId}")));
}
