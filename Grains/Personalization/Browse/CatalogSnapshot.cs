using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Personalization.Artwork;

namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>The whole catalog's summaries as the recommender keeps them: by id, by popularity, by genre (each most popular first).</summary>
public sealed class CatalogSnapshot
{
    private static readonly Comparer<TitleSummary> MostPopularFirst = Comparer<TitleSummary>.Create((a, b) =>
    {
        var byPopularity = b.Popularity.CompareTo(a.Popularity);
        return byPopularity != 0 ? byPopularity : string.CompareOrdinal(a.TitleId, b.TitleId);
    });

    public CatalogSnapshot(IEnumerable<TitleSummary> titles)
    {
        ById = titles.ToDictionary(t => t.TitleId, StringComparer.Ordinal);
        var ordered = ById.Values.ToList();
        ordered.Sort(MostPopularFirst);
        ByPopularity = ordered;
        ByGenre = ordered.SelectMany(t => t.Genres.Distinct().Select(g => (Genre: g, Title: t)))
            .GroupBy(x => x.Genre, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TitleSummary>)[.. g.Select(x => x.Title)], StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, TitleSummary> ById { get; }

    public IReadOnlyList<TitleSummary> ByPopularity { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<TitleSummary>> ByGenre { get; }

    public int Count => ById.Count;

    /// <summary>Genre and cast shares over the titles played (each viewing counts once; titles not in the catalog are skipped).</summary>
    public MemberTastes TastesOf(IEnumerable<string> playedTitleIds) =>
        MemberTastes.FromHistory(playedTitleIds
            .Select(id => ById.GetValueOrDefault(id))
            .OfType<TitleSummary>()
            .Select(t => new TitleMetadata(t.Name, "", t.Year, t.Genres, t.Cast ?? [], t.Maturity, t.Runtime)));
}
