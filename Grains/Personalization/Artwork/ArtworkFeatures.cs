using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>One named input of the model; two strings so that building it allocates nothing.</summary>
public readonly record struct FeatureKey(string Name, string Value);

/// <summary>
/// The features of showing one variant to one member (member tastes x variant tags):
/// <list type="bullet">
/// <item>a bias, and the variant itself (its own appeal to everyone: what an A/B test measures);</item>
/// <item>each tag (a mood's or a star's appeal to everyone);</item>
/// <item>for each cast tag, the member's affinity to that person, on one weight shared by all actors (so that "people like
/// images of actors they watch" carries over to every title and actor) and on one weight per actor (a share of 20 % says
/// much more for a rarely cast actor than for one in half the catalog: with the tag's own weight this is the per-actor
/// log-likelihood ratio of liking them); whether that person is one of the member's three most watched; and how many of
/// the member's last 40 plays had them, bucketed 0 to 6+, per actor (lets the step from "watched once" to "a fan" be
/// non-linear);</item>
/// <item>for each mood tag, the member's affinity to each genre crossed with the mood (fans of horror and "dark"), and
/// the member's two favourite genres crossed with the mood, as indicators;</item>
/// <item>when the member is known (<see cref="MemberTastes.MemberId"/>), the member crossed with each tag: what this member's
/// own impressions say about them, which the viewing history cannot (a taste for a mood unrelated to the genres they watch).</item>
/// </list>
/// </summary>
public static class ArtworkFeatures
{
    public static readonly FeatureKey Bias = new("bias", "");
    public const string CastAffinity = "cast-affinity";
    public const string FavouriteCastName = "favourite-cast";
    public const string CastPlaysName = "cast-plays";
    public const string FavouriteGenreName = "favourite-genre";
    public const string MemberTagName = "member-tag";

    /// <summary>How many of a member's most watched cast members count as favourites.</summary>
    public const int FavouriteCast = 3;

    /// <summary>How many of a member's most watched genres count as favourites (crossed with mood tags).</summary>
    public const int FavouriteGenres = 2;

    /// <summary>Affinity is a share of the history; the buckets count plays as if the history were this long.</summary>
    private const int BucketHistory = 40;

    private const int MaxBucket = 6;

    private static readonly string[] BucketNames = [.. Enumerable.Range(0, MaxBucket + 1).Select(b => CastPlaysName + ":" + b.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public static void Extract(MemberTastes tastes, ArtworkVariant variant, List<(FeatureKey Key, double Value)> into)
    {
        into.Clear();
        into.Add((Bias, 1));
        into.Add((new FeatureKey("variant", variant.Uri), 1));
        string[]? favouriteGenres = null;
        foreach (var raw in variant.Tags)
        {
            var tag = ArtworkTag.Parse(raw);
            into.Add((new FeatureKey("tag", raw), 1));
            if (tastes.MemberId is { } member) into.Add((new FeatureKey(MemberTagName + ":" + member, raw), 1));
            if (tag.Kind == ArtworkTag.CastKind)
            {
                var affinity = tastes.CastAffinity(tag.Value);
                if (affinity > 0)
                {
                    into.Add((new FeatureKey(CastAffinity, ""), affinity));
                    into.Add((new FeatureKey(CastAffinity, tag.Value), affinity));
                }
                if (tastes.IsFavourite(tag.Value, FavouriteCast)) into.Add((new FeatureKey(FavouriteCastName, ""), 1));
                var bucket = Math.Min(MaxBucket, (int)Math.Round(affinity * BucketHistory));
                into.Add((new FeatureKey(BucketNames[bucket], tag.Value), 1));
            }
            else if (tag.Kind == ArtworkTag.MoodKind)
            {
                foreach (var (genre, affinity) in tastes.Genres)
                {
                    if (affinity > 0) into.Add((new FeatureKey(genre, raw), affinity));
                }
                favouriteGenres ??= [.. tastes.Genres.Where(g => g.Value > 0).OrderByDescending(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Take(FavouriteGenres).Select(g => FavouriteGenreName + ":" + g.Key)];
                foreach (var genre in favouriteGenres) into.Add((new FeatureKey(genre, raw), 1));
            }
        }
    }
}
