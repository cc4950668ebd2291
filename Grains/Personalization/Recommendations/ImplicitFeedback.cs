namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>
/// What the models learn from: which titles each member played and how often (implicit feedback: a play says
/// "interested", nothing says "not interested"), over a catalog that may hold titles nobody played yet.
/// Adding the same member and title again adds to its play count.
/// </summary>
public sealed class ImplicitFeedback
{
    private readonly SortedSet<string> _catalog = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _plays = new(StringComparer.Ordinal);

    public ImplicitFeedback(IEnumerable<string>? catalog = null)
    {
        if (catalog is not null) _catalog.UnionWith(catalog);
    }

    public IReadOnlyCollection<string> Catalog => _catalog;

    public IReadOnlyDictionary<string, Dictionary<string, int>> PlaysByMember => _plays;

    public ImplicitFeedback Add(string memberId, string titleId, int plays = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(plays);
        _catalog.Add(titleId);
        if (!_plays.TryGetValue(memberId, out var titles)) _plays[memberId] = titles = new(StringComparer.Ordinal);
        titles[titleId] = titles.GetValueOrDefault(titleId) + plays;
        return this;
    }

    /// <summary>The titles a member played with their counts; empty for a member never seen.</summary>
    public IReadOnlyDictionary<string, int> History(string memberId) =>
        _plays.TryGetValue(memberId, out var titles) ? titles : new Dictionary<string, int>();
}
