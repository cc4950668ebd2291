namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>
/// Item-item collaborative filtering: a title scores Σ weight(played title) × sim(played title, title) over the member's
/// history and the kept neighbours (<see cref="ItemNeighbours"/>); played titles are never returned; a member with no
/// known history, or too few scored titles, gets (the rest from) <see cref="PopularityModel"/>. Scoring takes a history, not a
/// member id, so a new play counts at once without retraining. Immutable once trained, so safe to share between threads.
/// </summary>
public sealed class ItemItemModel : ITitleRecommender
{
    private readonly InteractionMatrix _matrix;

    private ItemItemModel(InteractionMatrix matrix, ItemNeighbours neighbours, PopularityModel popularity) =>
        (_matrix, Neighbours, Popularity) = (matrix, neighbours, popularity);

    public ItemNeighbours Neighbours { get; }

    public PopularityModel Popularity { get; }

    public IReadOnlyList<string> Titles => _matrix.Titles;

    public static ItemItemModel Train(ImplicitFeedback feedback, ItemItemOptions? options = null,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>>? membersByRegion = null)
    {
        var matrix = new InteractionMatrix(feedback);
        return new ItemItemModel(matrix, ItemNeighbours.Train(matrix, options ?? ItemItemOptions.Default), PopularityModel.Train(matrix, membersByRegion));
    }

    public IReadOnlyList<Recommendation> Recommend(IReadOnlyDictionary<string, int> played, int count, string? region = null)
    {
        var row = _matrix.Row(played);
        var isPlayed = new bool[_matrix.TitleCount];
        foreach (var (title, _) in row) isPlayed[title] = true;

        var scores = new double[_matrix.TitleCount];
        var touched = new List<int>();
        foreach (var (title, weight) in row)
        {
            var (titles, similarities) = Neighbours.Of(title);
            for (var k = 0; k < titles.Length; k++)
            {
                var j = titles.Span[k];
                if (isPlayed[j]) continue;
                if (scores[j] == 0) touched.Add(j);
                scores[j] += weight * similarities.Span[k];
            }
        }
        var top = new TopN(count);
        foreach (var j in touched)
        {
            if (scores[j] > 0) top.Offer(j, scores[j]);
        }
        var picked = top.Drain().Select(x => new Recommendation(_matrix.Titles[x.Index], x.Score)).ToList();
        Popularity.Fill(picked, count, region, index => isPlayed[index] || played.ContainsKey(_matrix.Titles[index]));
        return picked;
    }

    /// <summary>The titles most like one title ("Because you watched X"), most similar first; empty for an unknown title.</summary>
    public IReadOnlyList<Recommendation> SimilarTo(string titleId, int count)
    {
        if (!_matrix.TryIndex(titleId, out var index)) return [];
        var (titles, similarities) = Neighbours.Of(index);
        var n = Math.Min(count, titles.Length);
        var result = new Recommendation[n];
        for (var k = 0; k < n; k++) result[k] = new Recommendation(_matrix.Titles[titles.Span[k]], similarities.Span[k]);
        return result;
    }
}
