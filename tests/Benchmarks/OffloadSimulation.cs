using Orleans.Netflix.Cdn;
using Orleans.Netflix.EdgeServer.Cache;
using Orleans.Netflix.Grains.Cdn;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Where an edge's fill plan comes from, if it has one.</summary>
public enum FillSource
{
    None,

    /// <summary>The fill planner's own inputs: plays as steering records them, decayed (<see cref="TitlePopularity"/>).</summary>
    Plays,

    /// <summary>The catalog's true popularity, which no real planner knows: how much better popularity could do.</summary>
    Truth,
}

public sealed record OffloadScenario(string Name, Func<IEvictionPolicy> Policy, FillSource Fill);

public sealed record OffloadOutcome(OffloadScenario Scenario, long EdgeBytes, long OriginBytes, long FillBytes, double BusiestEdgeShare)
{
    public double Offload => EdgeBytes / (double)(EdgeBytes + OriginBytes);
}

/// <summary>
/// Replays one list of plays against edges at the clients' site with the real steering order
/// (<see cref="EdgeRanking"/>: healthy, holding the title, least loaded), the real fill selection
/// (<see cref="FillSelection"/> with <see cref="CdnOptions"/>' defaults, re-planned every hour) and the
/// edge's real eviction policies, and counts the bytes players got from edges and from origin.
/// A play asks for its objects when it starts. The first day is warm-up and is not counted.
/// </summary>
public static class OffloadSimulation
{
    private const string Region = "us-east";
    private const string Site = "site-1";
    private static readonly TimeSpan PlanEvery = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    public static OffloadOutcome Run(OffloadScenario scenario, OffloadCatalog catalog, IReadOnlyList<SimulatedPlay> plays, int edgeCount, double edgeShare, double fillShare, double keepBonus)
    {
        var cdn = new CdnOptions { FillShare = fillShare, FillKeepBonus = keepBonus };
        var capacity = (long)(catalog.TotalBytes * edgeShare);
        var edges = Enumerable.Range(1, edgeCount).Select(i => new SimulatedEdge($"edge-{i}", capacity, scenario.Policy(), catalog)).ToArray();
        var sessions = edges.Select(_ => new PriorityQueue<int, TimeSpan>()).ToArray();
        var served = new long[edges.Length];
        var popularity = new TitlePopularity(cdn.PopularityHalfLife);
        long edgeBytes = 0, originBytes = 0, fillBytes = 0;
        var nextPlan = scenario.Fill == FillSource.None ? TimeSpan.MaxValue : TimeSpan.Zero;

        foreach (var play in plays)
        {
            var measuring = play.At >= TimeSpan.FromDays(1);
            if (play.At >= nextPlan)
            {
                var pulled = Fill(scenario.Fill, edges, catalog, popularity, play.At, cdn);
                if (measuring) fillBytes += pulled;
                nextPlan = play.At + PlanEvery;
            }
            popularity.RecordPlay(OffloadCatalog.TitleId(play.Title), Epoch + play.At);

            for (var e = 0; e < edges.Length; e++)
            {
                while (sessions[e].TryPeek(out _, out var end) && end <= play.At) sessions[e].Dequeue();
                edges[e].ActiveSessions = sessions[e].Count;
            }
            var chosen = Steer(edges, play.Title, play.At);
            sessions[chosen].Enqueue(0, play.At + TimeSpan.FromSeconds(catalog.Durations[play.Title] * play.Watched));

            var parts = play.Watched * OffloadCatalog.PartsPerTrack;
            foreach (var track in new[] { play.Rendition, OffloadCatalog.VideoKbps.Length })
            {
                for (var part = 0; part < Math.Ceiling(parts); part++)
                {
                    var id = OffloadCatalog.ObjectId(play.Title, track, part);
                    var bytes = (long)(catalog.ObjectBytes[id] * Math.Min(1, parts - part));
                    var hit = edges[chosen].Serve(id);
                    if (!measuring) continue;
                    if (hit) edgeBytes += bytes;
                    else originBytes += bytes;
                    served[chosen] += bytes;
                }
            }
        }
        return new OffloadOutcome(scenario, edgeBytes, originBytes, fillBytes, served.Max() / (double)Math.Max(1, served.Sum()));
    }

    /// <summary>
    /// The share of requested bytes in the most played whole titles that fit every edge's full capacity,
    /// each held once: the best any placement of whole titles could do if it knew the true popularity.
    /// </summary>
    public static double WholeTitleBound(OffloadCatalog catalog, int edgeCount, double edgeShare)
    {
        var room = (long)(catalog.TotalBytes * edgeShare) * edgeCount;
        var titleBytes = catalog.Titles.Select(t => t.Files.Sum(f => f.Bytes)).ToArray();
        // Every title has the same ladder, so the bytes a play requests grow with the title's length, as its stored bytes do.
        double covered = 0, total = 0;
        foreach (var t in Enumerable.Range(0, catalog.Titles.Length).OrderByDescending(t => catalog.Probability[t]))
        {
            var requested = catalog.Probability[t] * catalog.Durations[t];
            total += requested;
            if (titleBytes[t] > room) continue;
            room -= titleBytes[t];
            covered += requested;
        }
        return covered / total;
    }

    /// <summary>
    /// The share of requested bytes in the objects with the most expected requests per stored byte
    /// (title popularity x rendition share x the chance a play gets that far) that fit every edge's full
    /// capacity, each held once: what no placement at all, of titles or of single objects, could beat.
    /// </summary>
    public static double ObjectBound(OffloadCatalog catalog, int edgeCount, double edgeShare)
    {
        var room = (long)(catalog.TotalBytes * edgeShare) * edgeCount;
        var demand = new double[catalog.Keys.Length];
        for (var t = 0; t < catalog.Titles.Length; t++)
        {
            for (var track = 0; track < OffloadCatalog.Tracks; track++)
            {
                var share = track < OffloadWorkload.RenditionShare.Length ? OffloadWorkload.RenditionShare[track] : 1;
                for (var part = 0; part < OffloadCatalog.PartsPerTrack; part++)
                {
                    var id = OffloadCatalog.ObjectId(t, track, part);
                    demand[id] = catalog.Probability[t] * share * OffloadWorkload.ChanceWatchedPast(part / (double)OffloadCatalog.PartsPerTrack) * catalog.ObjectBytes[id];
                }
            }
        }
        double covered = 0;
        foreach (var id in Enumerable.Range(0, demand.Length).OrderByDescending(id => demand[id] / catalog.ObjectBytes[id]))
        {
            if (catalog.ObjectBytes[id] > room) continue;
            room -= catalog.ObjectBytes[id];
            covered += demand[id];
        }
        return covered / demand.Sum();
    }

    private static int Steer(SimulatedEdge[] edges, int title, TimeSpan at)
    {
        var infos = edges.Select(e => new EdgeInfo(
            new EdgeReport(e.EdgeId, Region, Site, $"http://{e.EdgeId}", EdgeHealth.Healthy, e.ActiveSessions, 0, e.CapacityBytes, 0, e.TitlesHeld),
            Epoch + at, Epoch)).ToArray();
        var best = EdgeRanking.Rank(infos, OffloadCatalog.TitleId(title), Region, Site)[0].Edge.Report.EdgeId;
        return Array.FindIndex(edges, e => e.EdgeId == best);
    }

    private static long Fill(FillSource source, SimulatedEdge[] edges, OffloadCatalog catalog, TitlePopularity popularity, TimeSpan at, CdnOptions cdn)
    {
        var ranked = source == FillSource.Truth
            ? Enumerable.Range(0, catalog.Titles.Length).Select(t => new RankedTitle(catalog.Titles[t], catalog.Probability[t])).OrderByDescending(r => r.Popularity).ToArray()
            : popularity.Top(cdn.FillCandidates, Epoch + at).Select(p => new RankedTitle(catalog.Titles[int.Parse(p.TitleId.AsSpan(1))], p.Score)).ToArray();
        var fillEdges = edges.Select(e => new FillEdge(e.EdgeId, Site, (long)(e.CapacityBytes * cdn.FillShare), e.TitlesHeld.ToHashSet(StringComparer.Ordinal))).ToArray();
        var plans = FillSelection.PlanRegion(fillEdges, ranked, cdn.ReplicateAbovePlayShare, cdn.FillReplicas, cdn.FillKeepBonus);
        return edges.Sum(e => e.ApplyPlan(plans[e.EdgeId].Files.Select(f => int.Parse(f.Sha256.AsSpan(48), System.Globalization.NumberStyles.HexNumber))));
    }
}
