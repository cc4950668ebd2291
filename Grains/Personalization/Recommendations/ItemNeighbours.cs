namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>
/// For each title, its most similar titles by cosine over co-plays: sim(i, j) = Σ_u w_ui·w_uj / (‖i‖·‖j‖), times
/// co / (co + λ) for the co members who played both. Only the top K per title are kept. Training walks each member's
/// row once per title in it, so it costs Σ_u |row_u|² and is independent of how titles are spread over threads.
/// </summary>
public sealed class ItemNeighbours
{
    private readonly int[][] _titles;
    private readonly float[][] _similarities;

    private ItemNeighbours(int[][] titles, float[][] similarities) => (_titles, _similarities) = (titles, similarities);

    public int TitleCount => _titles.Length;

    /// <summary>The neighbours of a title, most similar first.</summary>
    public (ReadOnlyMemory<int> Titles, ReadOnlyMemory<float> Similarities) Of(int title) => (_titles[title], _similarities[title]);

    /// <summary>How many neighbours are held in all: at most titles × K.</summary>
    public long Size => _titles.Sum(t => (long)t.Length);

    public static ItemNeighbours Train(InteractionMatrix matrix, ItemItemOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Neighbours);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Shrinkage);
        var n = matrix.TitleCount;
        var columns = new List<(int Member, float Weight)>[n];
        for (var t = 0; t < n; t++) columns[t] = [];
        var norms = new double[n];
        for (var m = 0; m < matrix.Rows.Length; m++)
        {
            foreach (var (title, weight) in matrix.Rows[m])
            {
                columns[title].Add((m, weight));
                norms[title] += weight * weight;
            }
        }
        for (var t = 0; t < n; t++) norms[t] = Math.Sqrt(norms[t]);

        var titles = new int[n][];
        var similarities = new float[n][];
        Parallel.For(0, n, () => (Dot: new double[n], Co: new int[n], Touched: new List<int>()), (i, _, scratch) =>
        {
            var (dot, co, touched) = scratch;
            foreach (var (member, wi) in columns[i])
            {
                foreach (var (j, wj) in matrix.Rows[member])
                {
                    if (j == i) continue;
                    if (co[j]++ == 0) touched.Add(j);
                    dot[j] += wi * wj;
                }
            }
            var top = new TopN(options.Neighbours);
            foreach (var j in touched)
            {
                top.Offer(j, dot[j] / (norms[i] * norms[j]) * (co[j] / (co[j] + options.Shrinkage)));
                dot[j] = 0;
                co[j] = 0;
            }
            touched.Clear();
            var best = top.Drain();
            titles[i] = [.. best.Select(b => b.Index)];
            similarities[i] = [.. best.Select(b => (float)b.Score)];
            return scratch;
        }, _ => { });
        return new ItemNeighbours(titles, similarities);
    }
}
