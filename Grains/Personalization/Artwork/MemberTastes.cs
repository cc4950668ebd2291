using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>
/// What a member likes, as seen from their viewing history: for each genre and each cast member, the share of
/// the titles they played that has it (0 to 1). This is the context the artwork bandit personalizes on.
/// </summary>
public sealed class MemberTastes
{
    public static readonly MemberTastes None = new(new Dictionary<string, double>(), new Dictionary<string, double>());

    public MemberTastes(IReadOnlyDictionary<string, double> genres, IReadOnlyDictionary<string, double> cast)
    {
        Genres = genres;
        Cast = cast;
    }

    /// <summary>Genre → share of played titles in that genre.</summary>
    public IReadOnlyDictionary<string, double> Genres { get; }

    /// <summary>Cast member → share of played titles they are in.</summary>
    public IReadOnlyDictionary<string, double> Cast { get; }

    /// <summary>
    /// Who these tastes belong to, when known: lets the bandit learn this member's own response to tags from their
    /// impressions (on top of what their history says). Null for an anonymous or unknown member.
    /// </summary>
    public string? MemberId { get; init; }

    public double CastAffinity(string person) => Cast.GetValueOrDefault(person);

    /// <summary>Whether this person is among the member's <paramref name="count"/> most watched cast members (ties included).</summary>
    public bool IsFavourite(string person, int count)
    {
        var affinity = CastAffinity(person);
        if (affinity <= 0) return false;
        var above = 0;
        foreach (var other in Cast.Values) if (other > affinity && ++above >= count) return false;
        return true;
    }

    /// <summary>Normalized counts over the titles played (each title counted once per play).</summary>
    public static MemberTastes FromHistory(IEnumerable<TitleMetadata> played)
    {
        var genres = new Dictionary<string, double>(StringComparer.Ordinal);
        var cast = new Dictionary<string, double>(StringComparer.Ordinal);
        var plays = 0;
        foreach (var title in played)
        {
            plays++;
            foreach (var genre in title.Genres.Distinct()) genres[genre] = genres.GetValueOrDefault(genre) + 1;
            foreach (var person in title.Cast.Distinct()) cast[person] = cast.GetValueOrDefault(person) + 1;
        }
        if (plays == 0) return None;
        return new MemberTastes(Normalize(genres, plays), Normalize(cast, plays));
    }

    private static Dictionary<string, double> Normalize(Dictionary<string, double> counts, int plays) =>
        counts.ToDictionary(kv => kv.Key, kv => kv.Value / plays, StringComparer.Ordinal);
}
