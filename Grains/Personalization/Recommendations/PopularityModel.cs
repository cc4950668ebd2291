namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>
/// The baseline and the cold start: titles ranked by how many members played them, overall and per region (from a
/// region → members map). A region's list comes first for its members, then the overall list fills the rest, then
/// titles nobody played (by id), so every list can be as long as the catalog.
/// </summary>
public sealed class PopularityModel : ITitleRecommender
{
    private readonly InteractionMatrix _matrix;
    private readonly Ranking _overall;
    private readonly Dictionary<string, Ranking> _byRegion = new(StringComparer.Ordinal);

    private PopularityModel(InteractionMatrix matrix, IReadOnlyDictionary<string, IReadOnlyCollection<string>>? membersByRegion)
    {
        _matrix = matrix;
        _overall = Ranked(matrix, Enumerable.Range(0, matrix.Members.Count), includeUnplayed: true);
        if (membersByRegion is null) return;
        var rowOf = new Dictionary<string, int>(matrix.Members.Count, StringComparer.Ordinal);
        for (var m = 0; m < matrix.Members.Count; m++) rowOf[matrix.Members[m]] = m;
        foreach (var (region, members) in membersByRegion)
        {
            var rows = members.Select(id => rowOf.TryGetValue(id, out var row) ? row : -1).Where(row => row >= 0);
            _byRegion[region] = Ranked(matrix, rows, includeUnplayed: false);
        }
    }

    public static PopularityModel Train(ImplicitFeedback feedback, IReadOnlyDictionary<string, IReadOnlyCollection<string>>? membersByRegion = null) =>
        new(new InteractionMatrix(feedback), membersByRegion);

    internal static PopularityModel Train(InteractionMatrix matrix, IReadOnlyDictionary<string, IReadOnlyCollection<string>>? membersByRegion) =>
        new(matrix, membersByRegion);

    public IReadOnlyCollection<string> Regions => _byRegion.Keys;

    public IReadOnlyList<Recommendation> Recommend(IReadOnlyDictionary<string, int> played, int count, string? region = null)
    {
        var picked = new List<Recommendation>(Math.Max(0, count));
        Fill(picked, count, region, index => played.ContainsKey(_matrix.Titles[index]));
        return picked;
    }

    /// <summary>Appends popular titles (scored by how many members played them) to <paramref name="picked"/> until it holds <paramref name="count"/>, skipping excluded ones and those already in it.</summary>
    internal void Fill(List<Recommendation> picked, int count, string? region, Func<int, bool> excluded)
    {
        if (picked.Count >= count) return;
        var taken = new HashSet<string>(picked.Select(p => p.TitleId), StringComparer.Ordinal);
        Ranking[] lists = region is not null && _byRegion.TryGetValue(region, out var regional) ? [regional, _overall] : [_overall];
        foreach (var list in lists)
        {
            for (var rank = 0; rank < list.Order.Length && picked.Count < count; rank++)
            {
                var index = list.Order[rank];
                var title = _matrix.Titles[index];
                if (excluded(index) || !taken.Add(title)) continue;
                picked.Add(new Recommendation(title, list.Members[index]));
            }
        }
    }

    /// <summary>Titles most played first, and per title how many members played it.</summary>
    private sealed record Ranking(int[] Order, int[] Members);

    private static Ranking Ranked(InteractionMatrix matrix, IEnumerable<int> memberRows, bool includeUnplayed)
    {
        var members = new int[matrix.TitleCount];
        foreach (var m in memberRows)
        {
            foreach (var (title, _) in matrix.Rows[m]) members[title]++;
        }
        int[] order = [.. Enumerable.Range(0, matrix.TitleCount)
            .Where(t => includeUnplayed || members[t] > 0)
            .OrderByDescending(t => members[t])
            .ThenBy(t => t)];
        return new Ranking(order, members);
    }
}
