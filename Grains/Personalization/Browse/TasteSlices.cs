using Orleans.Netflix.Catalog;
using Orleans.Netflix.Grains.Personalization.Artwork;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>
/// The part of a member's tastes that one title's artwork choice can use: every genre (mood tags cross with them), and of
/// the cast only the title's own cast plus the member's <see cref="ArtworkFeatures.FavouriteCast"/> most watched (enough
/// to tell whether one of the title's cast is a favourite). A home screen asks 40 to 50 artwork grains; each gets a
/// handful of cast entries instead of everyone the member ever watched.
/// </summary>
public sealed class TasteSlices(MemberTastes tastes)
{
    private readonly Dictionary<string, double> _genres = new(tastes.Genres, StringComparer.Ordinal);
    private readonly KeyValuePair<string, double>[] _favourites = [.. tastes.Cast
        .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(ArtworkFeatures.FavouriteCast)];

    public TasteProfile For(TitleSummary? title)
    {
        var cast = new Dictionary<string, double>(_favourites, StringComparer.Ordinal);
        foreach (var person in title?.Cast ?? [])
        {
            if (tastes.Cast.TryGetValue(person, out var share)) cast[person] = share;
        }
        return new TasteProfile(_genres, cast);
    }
}
