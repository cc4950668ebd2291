namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>One recommended title and the score it was ranked by (higher first; comparable only within one list).</summary>
public readonly record struct Recommendation(string TitleId, double Score);

/// <summary>Ranks titles for a member from what the member played (title → play count).</summary>
public interface ITitleRecommender
{
    /// <summary>
    /// Up to <paramref name="count"/> titles, best first, never one in <paramref name="played"/>; a member who played nothing the
    /// model knows gets what is popular (in <paramref name="region"/> when given and known).
    /// </summary>
    IReadOnlyList<Recommendation> Recommend(IReadOnlyDictionary<string, int> played, int count, string? region = null);
}
