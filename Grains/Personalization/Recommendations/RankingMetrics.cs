namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>Offline ranking metrics over one member's list and the titles the member went on to play (held out from training).</summary>
public static class RankingMetrics
{
    /// <summary>Share of the held-out titles found in the first <paramref name="k"/> of the list (0 when nothing is held out).</summary>
    public static double RecallAt(int k, IReadOnlyList<string> ranked, IReadOnlySet<string> heldOut)
    {
        if (heldOut.Count == 0) return 0;
        var hits = ranked.Take(k).Distinct(StringComparer.Ordinal).Count(heldOut.Contains);
        return (double)hits / heldOut.Count;
    }

    /// <summary>
    /// Normalised discounted cumulative gain with binary relevance: Σ over hits at rank r (1-based) of 1 / log2(r + 1), divided by
    /// the same for a perfect list (all held-out titles first, at most <paramref name="k"/> of them).
    /// </summary>
    public static double NdcgAt(int k, IReadOnlyList<string> ranked, IReadOnlySet<string> heldOut)
    {
        if (heldOut.Count == 0) return 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dcg = 0.0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
        {
            if (heldOut.Contains(ranked[r]) && seen.Add(ranked[r])) dcg += 1 / Math.Log2(r + 2);
        }
        var ideal = 0.0;
        for (var r = 0; r < Math.Min(k, heldOut.Count); r++) ideal += 1 / Math.Log2(r + 2);
        return dcg / ideal;
    }
}
