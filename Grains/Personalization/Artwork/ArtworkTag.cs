namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>
/// An artwork tag split into its kind and value: <c>cast:Ava Novak</c> features a cast member,
/// <c>mood:dark</c> sets a mood (see the catalog's <c>ArtworkVariant.Tags</c>). A tag without a colon has kind "".
/// </summary>
public readonly record struct ArtworkTag(string Kind, string Value)
{
    public const string CastKind = "cast";
    public const string MoodKind = "mood";

    public static ArtworkTag Parse(string tag)
    {
        var colon = tag.IndexOf(':');
        return colon < 0 ? new ArtworkTag("", tag) : new ArtworkTag(tag[..colon], tag[(colon + 1)..]);
    }
}
