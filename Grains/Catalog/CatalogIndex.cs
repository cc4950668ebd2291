using System.Globalization;
using System.Text;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Catalog;

/// <summary>
/// In-memory browse index over title summaries: every title and each genre row pre-sorted by
/// popularity, and normalized names for search. Rebuilt from the summaries, never stored.
/// </summary>
public sealed class CatalogIndex
{
    private static readonly Comparer<TitleSummary> MostPopularFirst = Comparer<TitleSummary>.Create((a, b) =>
    {
        var byPopularity = b.Popularity.CompareTo(a.Popularity);
        return byPopularity != 0 ? byPopularity : string.CompareOrdinal(a.TitleId, b.TitleId);
    });

    private readonly List<TitleSummary> _all;
    private readonly Dictionary<string, List<TitleSummary>> _byGenre;
    private readonly Dictionary<string, string> _genreNames;
    private readonly Dictionary<string, string> _searchNames;

    public CatalogIndex(IEnumerable<TitleSummary> titles)
    {
        _all = titles.ToList();
        _all.Sort(MostPopularFirst);
        _byGenre = new(StringComparer.OrdinalIgnoreCase);
        _genreNames = new(StringComparer.OrdinalIgnoreCase);
        foreach (var title in _all)
        {
            foreach (var genre in title.Genres)
            {
                if (!_byGenre.TryGetValue(genre, out var row)) _byGenre[genre] = row = [];
                row.Add(title);
                _genreNames.TryAdd(genre, genre);
            }
        }
        _searchNames = _all.ToDictionary(t => t.TitleId, t => Normalize(t.Name), StringComparer.Ordinal);
    }

    public int Count => _all.Count;

    public CatalogPage Browse(BrowseQuery query)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, CatalogLimits.MaxPageSize);
        var page = Math.Max(1, query.Page);
        IReadOnlyList<TitleSummary> row = _all;
        if (!string.IsNullOrWhiteSpace(query.Genre))
        {
            if (!_byGenre.TryGetValue(query.Genre.Trim(), out var genreRow))
                throw new NotFoundException("genre", query.Genre.Trim());
            row = genreRow;
        }

        var excluded = query.ExcludedTitleIds is { Length: > 0 } ids ? new HashSet<string>(ids, StringComparer.Ordinal) : null;
        var visible = row.Where(t => t.Maturity <= query.MaturityLimit && (excluded is null || !excluded.Contains(t.TitleId)));
        var total = 0;
        var items = new List<TitleSummary>(pageSize);
        var skip = (long)(page - 1) * pageSize;
        foreach (var title in visible)
        {
            if (total >= skip && items.Count < pageSize) items.Add(title);
            total++;
        }
        return new CatalogPage([.. items], page, pageSize, total);
    }

    public TitleSummary[] Search(string text, MaturityRating maturityLimit, int maxResults)
    {
        var words = Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return [];
        var needle = string.Join(' ', words);
        return _all
            .Where(t => t.Maturity <= maturityLimit)
            .Select(t => (Title: t, Name: _searchNames[t.TitleId]))
            .Where(x => words.All(w => x.Name.Contains(w, StringComparison.Ordinal)))
            .OrderBy(x => x.Name == needle ? 0 : x.Name.StartsWith(needle, StringComparison.Ordinal) ? 1 : x.Name.Contains(needle, StringComparison.Ordinal) ? 2 : 3)
            .ThenBy(x => x.Title, MostPopularFirst)
            .Take(Math.Clamp(maxResults, 1, CatalogLimits.MaxSearchResults))
            .Select(x => x.Title)
            .ToArray();
    }

    public GenreCount[] Genres() => _byGenre
        .Select(g => new GenreCount(_genreNames[g.Key], g.Value.Count))
        .OrderByDescending(g => g.Titles)
        .ThenBy(g => g.Genre, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Lower case, accents stripped, punctuation as spaces: "Amélie: Part II" matches "amelie part".</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }
        return builder.ToString().TrimEnd();
    }
}
