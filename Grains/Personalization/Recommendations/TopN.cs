namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>
/// The <c>n</c> best of scored candidates with a bounded min-heap (O(m log n) for m candidates): higher score first,
/// equal scores by lower index, so the same scores always give the same list.
/// </summary>
public sealed class TopN(int n)
{
    private readonly PriorityQueue<int, (double Score, int Index)> _heap = new(n + 1, WorstFirst.Instance);

    public void Offer(int index, double score)
    {
        if (n <= 0) return;
        if (_heap.Count < n)
        {
            _heap.Enqueue(index, (score, index));
            return;
        }
        _heap.TryPeek(out _, out var worst);
        if (WorstFirst.Instance.Compare((score, index), worst) > 0) _heap.EnqueueDequeue(index, (score, index));
    }

    /// <summary>The kept candidates, best first; empties this selection.</summary>
    public (int Index, double Score)[] Drain()
    {
        var result = new (int Index, double Score)[_heap.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            _heap.TryDequeue(out var index, out var key);
            result[i] = (index, key.Score);
        }
        return result;
    }

    /// <summary>Orders worse before better: lower score, then higher index.</summary>
    private sealed class WorstFirst : IComparer<(double Score, int Index)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, int Index) x, (double Score, int Index) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.Index.CompareTo(x.Index);
        }
    }
}
