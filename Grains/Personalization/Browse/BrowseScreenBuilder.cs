using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Members;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>
/// Lays out one member's home screen from the model: Continue Watching, Top Picks, Because You Watched (their latest
/// title), Trending in their region and rows for their two favourite genres; a member with no history gets Popular in
/// their region, Trending and the biggest genres instead. A title shows once per screen, never above the member's
/// maturity limit nor one they gave a thumbs down, and one they watched only to be continued; the screen is topped up from popular titles to
/// <see cref="BrowseOptions.MinTitles"/> and cut at <see cref="BrowseOptions.MaxTitles"/>. Pure: same inputs, same screen.
/// </summary>
public sealed class BrowseScreenBuilder(BrowseOptions options)
{
    /// <summary>A resume point this close to the end counts as finished, not to be continued.</summary>
    private const double FinishedShare = 0.95;

    private const int MinRowLength = 3;

    public IReadOnlyList<PlannedRow> Build(MemberView member, string region, RecommendationModel model, IReadOnlyList<TitlePlays> trending)
    {
        var catalog = model.Catalog;
        var played = PlayCounts(member);
        var screen = new Screen(member, played, catalog, options);

        screen.Add(BrowseRowKind.ContinueWatching, "Continue Watching", ContinueWatching(member, catalog));
        if (played.Count > 0)
        {
            var picks = model.Model.Recommend(played, options.MaxTitles * 4, region);
            screen.Add(BrowseRowKind.TopPicks, $"Top Picks for {member.Profile.Name}", picks.Select(r => new PlannedItem(r.TitleId, r.Score)));
            if (LatestTitle(member, catalog) is { } latest)
            {
                screen.Add(BrowseRowKind.BecauseYouWatched, $"Because You Watched {latest.Name}",
                    model.Model.SimilarTo(latest.TitleId, options.MaxTitles * 2).Select(r => new PlannedItem(r.TitleId, r.Score)));
            }
            screen.Add(BrowseRowKind.TrendingInRegion, $"Trending in {region}", trending.Select(t => new PlannedItem(t.TitleId, t.Plays)));
            var tastes = catalog.TastesOf(member.History.Select(h => h.TitleId));
            foreach (var genre in tastes.Genres.OrderByDescending(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal).Take(2).Select(g => g.Key))
            {
                // The model's ranking inside the genre first, then the genre's most popular titles.
                var inGenre = picks.Where(r => catalog.ById.TryGetValue(r.TitleId, out var t) && t.Genres.Contains(genre))
                    .Select(r => new PlannedItem(r.TitleId, r.Score))
                    .Concat(PopularIn(catalog, genre));
                screen.Add(BrowseRowKind.Genre, genre, inGenre);
            }
        }
        else
        {
            screen.Add(BrowseRowKind.Popular, $"Popular in {region}", Popular(model, region, played));
            screen.Add(BrowseRowKind.TrendingInRegion, $"Trending in {region}", trending.Select(t => new PlannedItem(t.TitleId, t.Plays)));
            foreach (var genre in catalog.ByGenre.OrderByDescending(g => g.Value.Count).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3).Select(g => g.Key))
                screen.Add(BrowseRowKind.Genre, genre, PopularIn(catalog, genre));
        }
        screen.TopUp(BrowseRowKind.Popular, $"Popular in {region}", Popular(model, region, played));
        return screen.Rows;
    }

    private static Dictionary<string, int> PlayCounts(MemberView member)
    {
        var played = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var viewing in member.History) played[viewing.TitleId] = played.GetValueOrDefault(viewing.TitleId) + 1;
        return played;
    }

    private static IEnumerable<PlannedItem> ContinueWatching(MemberView member, CatalogSnapshot catalog) =>
        member.ResumePoints
            // Equal times (a bulk import) by title id, not by the member state's dictionary order.
            .OrderByDescending(r => r.UpdatedAt).ThenBy(r => r.TitleId, StringComparer.Ordinal)
            .Where(r => r.Position > TimeSpan.Zero
                        && (!catalog.ById.TryGetValue(r.TitleId, out var t) || t.Runtime <= TimeSpan.Zero || r.Position < t.Runtime * FinishedShare))
            .Select(r => new PlannedItem(r.TitleId, r.UpdatedAt.ToUnixTimeSeconds(), r.Position));

    private static TitleSummary? LatestTitle(MemberView member, CatalogSnapshot catalog)
    {
        for (var i = member.History.Length - 1; i >= 0; i--)
        {
            if (catalog.ById.TryGetValue(member.History[i].TitleId, out var title)) return title;
        }
        return null;
    }

    /// <summary>What the model's popularity ranks first in the region, then the catalog's own popularity (all a fresh catalog has).</summary>
    private static IEnumerable<PlannedItem> Popular(RecommendationModel model, string region, IReadOnlyDictionary<string, int> played)
    {
        var fromPlays = model.Plays > 0
            ? model.Model.Popularity.Recommend(played, 200, region).Where(r => r.Score > 0).Select(r => new PlannedItem(r.TitleId, r.Score))
            : [];
        return fromPlays.Concat(model.Catalog.ByPopularity.Select(t => new PlannedItem(t.TitleId, t.Popularity)));
    }

    private static IEnumerable<PlannedItem> PopularIn(CatalogSnapshot catalog, string genre) =>
        catalog.ByGenre.TryGetValue(genre, out var titles) ? titles.Select(t => new PlannedItem(t.TitleId, t.Popularity)) : [];

    /// <summary>The screen under construction: what is on it, what may not be.</summary>
    private sealed class Screen(MemberView member, IReadOnlyDictionary<string, int> played, CatalogSnapshot catalog, BrowseOptions options)
    {
        private readonly HashSet<string> _shown = new(StringComparer.Ordinal);
        private readonly HashSet<string> _thumbsDown = member.Ratings.Where(r => r.Thumb == Thumb.Down).Select(r => r.TitleId).ToHashSet(StringComparer.Ordinal);
        private readonly List<PlannedRow> _rows = [];

        public IReadOnlyList<PlannedRow> Rows => _rows;

        private int Room => options.MaxTitles - _shown.Count;

        public void Add(BrowseRowKind kind, string title, IEnumerable<PlannedItem> candidates)
        {
            var items = Take(candidates, Math.Min(options.RowLength, Room), rewatch: kind == BrowseRowKind.ContinueWatching);
            if (items.Count >= MinRowLength || (kind == BrowseRowKind.ContinueWatching && items.Count > 0)) Keep(items, kind, title);
        }

        /// <summary>Fills the screen up to the minimum: more titles in the row of this kind, or a new one.</summary>
        public void TopUp(BrowseRowKind kind, string title, IEnumerable<PlannedItem> candidates)
        {
            while (_shown.Count < options.MinTitles)
            {
                var index = _rows.FindLastIndex(r => r.Kind == kind);
                if (index >= 0 && _rows[index].Items.Count < options.RowLength)
                {
                    var more = Take(candidates, Math.Min(options.RowLength - _rows[index].Items.Count, options.MinTitles - _shown.Count));
                    if (more.Count == 0) return;
                    foreach (var item in more) _shown.Add(item.TitleId);
                    _rows[index] = _rows[index] with { Items = [.. _rows[index].Items, .. more] };
                    continue;
                }
                var row = Take(candidates, Math.Min(options.RowLength, options.MinTitles - _shown.Count));
                if (row.Count == 0) return;
                Keep(row, kind, index >= 0 ? $"More {title}" : title);
            }
        }

        private void Keep(List<PlannedItem> items, BrowseRowKind kind, string title)
        {
            foreach (var item in items) _shown.Add(item.TitleId);
            _rows.Add(new PlannedRow(kind, title, items));
        }

        private List<PlannedItem> Take(IEnumerable<PlannedItem> candidates, int count, bool rewatch = false)
        {
            var taken = new List<PlannedItem>();
            if (count <= 0) return taken;
            var inRow = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in candidates)
            {
                if (!Allowed(item.TitleId) || (!rewatch && played.ContainsKey(item.TitleId)) || !inRow.Add(item.TitleId)) continue;
                taken.Add(item);
                if (taken.Count == count) break;
            }
            return taken;
        }

        private bool Allowed(string titleId) =>
            !_shown.Contains(titleId)
            && !_thumbsDown.Contains(titleId)
            && catalog.ById.TryGetValue(titleId, out var title)
            && title.Maturity <= member.Profile.MaturityLimit;
    }
}
