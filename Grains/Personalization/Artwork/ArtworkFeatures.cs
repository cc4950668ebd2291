using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>One named input of the model; two strings so that building it allocates nothing.</summary>
public readonly record struct FeatureKey(string Name, string Value);

/// <summary>
/// The features of showing one variant to one member (member tastes x variant tags):
/// <list type="bullet">
/// <item>a bias, and the variant itself (its own appeal to everyone: what an A/B test measures);</item>
/// <item>each tag (a mood's or a star's appeal to everyone);</item>
/// <item>for each cast tag, the member's affinity to that person, on one shared weight, so that what is learnt
/// about "people like images of actors they watch" carries over to every title and every actor, plus whether that person
/// is one of the member's three most watched (a favourite);</item>
/// <item>for each mood tag, the member's affinity to each genre, crossed with the mood (fans of horror and "dark").</item>
/// </list>
/// </summary>
public static class ArtworkFeatures
{
    public static readonly FeatureKey Bias = new("bias", "");
    public const string CastAffinity = "cast-affinity";
    public const string FavouriteCastName = "favourite-cast";

    /// <summary>How many of a member's most watched cast members count as favourites.</summary>
    public const int FavouriteCast = 3;

    public static void Extract(MemberTastes tastes, ArtworkVariant variant, List<(FeatureKey Key, double Value)> into)
    {
        into.Clear();
        into.Add((Bias, 1));
        into.Add((new FeatureKey("variant", variant.Uri), 1));
        foreach (var raw in variant.Tags)
        {
            var tag = ArtworkTag.Parse(raw);
            into.Add((new FeatureKey("tag", raw), 1));
            if (tag.Kind == ArtworkTag.CastKind)
            {
                var affinity = tastes.CastAffinity(tag.Value);
                if (affinity > 0) into.Add((new FeatureKey(CastAffinity, ""), affinity));
                if (tastes.IsFavourite(tag.Value, FavouriteCast)) into.Add((new FeatureKey(FavouriteCastName, ""), 1));
            }
            else if (tag.Kind == ArtworkTag.MoodKind)
            {
                foreach (var (genre, affinity) in tastes.Genres)
                {
                    if (affinity > 0) into.Add((new FeatureKey(genre, raw), affinity));
                }
            }
        }
    }
}
