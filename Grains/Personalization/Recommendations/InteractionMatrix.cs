namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>
/// <see cref="ImplicitFeedback"/> as numbers: titles numbered in ordinal order of their ids (so ties broken by number
/// are broken by id, the same on every machine), and each member's plays as a row of (title, weight) sorted by title.
/// A play count c weighs 1 + ln c: the tenth rewatch says less than the first play.
/// </summary>
public sealed class InteractionMatrix
{
    private readonly Dictionary<string, int> _titleIndex;

    public InteractionMatrix(ImplicitFeedback feedback)
    {
        Titles = [.. feedback.Catalog];
        _titleIndex = new Dictionary<string, int>(Titles.Count, StringComparer.Ordinal);
        for (var i = 0; i < Titles.Count; i++) _titleIndex[Titles[i]] = i;

        var members = feedback.PlaysByMember.Keys.Order(StringComparer.Ordinal).ToArray();
        Rows = new (int Title, float Weight)[members.Length][];
        for (var m = 0; m < members.Length; m++) Rows[m] = Row(feedback.PlaysByMember[members[m]]);
        Members = members;
    }

    public IReadOnlyList<string> Titles { get; }

    public IReadOnlyList<string> Members { get; }

    /// <summary>Per member (in <see cref="Members"/> order), the titles played and their weights, sorted by title.</summary>
    public (int Title, float Weight)[][] Rows { get; }

    public int TitleCount => Titles.Count;

    public bool TryIndex(string titleId, out int index) => _titleIndex.TryGetValue(titleId, out index);

    public static float Weight(int plays) => 1f + MathF.Log(plays);

    /// <summary>A history as a row of known titles; titles outside the catalog are left out.</summary>
    public (int Title, float Weight)[] Row(IReadOnlyDictionary<string, int> history)
    {
        var row = new List<(int Title, float Weight)>(history.Count);
        foreach (var (titleId, plays) in history)
        {
            if (plays > 0 && _titleIndex.TryGetValue(titleId, out var index)) row.Add((index, Weight(plays)));
        }
        row.Sort((a, b) => a.Title.CompareTo(b.Title));
        return [.. row];
    }
}
