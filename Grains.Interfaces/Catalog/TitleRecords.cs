using Orleans.Netflix.Common;

namespace Orleans.Netflix.Catalog;

/// <summary>What a title is about. Genres and cast are in billing order.</summary>
[GenerateSerializer, Immutable, Alias("netflix.TitleMetadata")]
public sealed record TitleMetadata(
    [property: Id(0)] string Name,
    [property: Id(1)] string Synopsis,
    [property: Id(2)] int Year,
    [property: Id(3)] string[] Genres,
    [property: Id(4)] string[] Cast,
    [property: Id(5)] MaturityRating Maturity,
    [property: Id(6)] TimeSpan Runtime);

/// <summary>
/// One piece of box art. Tags say what it features (a cast member, a mood such as "dark" or
/// "romantic"), so personalization can pick the variant a member is most likely to respond to.
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.ArtworkVariant")]
public sealed record ArtworkVariant(
    [property: Id(0)] string ArtworkId,
    [property: Id(1)] string Uri,
    [property: Id(2)] string[] Tags);

public enum TitleAvailability
{
    /// <summary>In the catalog, no playable media yet.</summary>
    ComingSoon,
    /// <summary>Ingested and indexed: can be played.</summary>
    Playable,
    Withdrawn,
}

[GenerateSerializer, Immutable, Alias("netflix.TitleView")]
public sealed record TitleView(
    [property: Id(0)] string TitleId,
    [property: Id(1)] TitleMetadata Metadata,
    [property: Id(2)] ArtworkVariant[] Artwork,
    [property: Id(3)] TitleAvailability Availability,
    [property: Id(4)] double Popularity,
    [property: Id(5)] long Version);

/// <summary>A title as the seed or an admin import hands it over.</summary>
[GenerateSerializer, Immutable, Alias("netflix.TitleRecord")]
public sealed record TitleRecord(
    [property: Id(0)] string TitleId,
    [property: Id(1)] TitleMetadata Metadata,
    [property: Id(2)] ArtworkVariant[] Artwork,
    [property: Id(3)] double Popularity);

/// <summary>The slice of a title that the browse index keeps; cast (billing order) lets personalization read tastes without a call per title.</summary>
[GenerateSerializer, Immutable, Alias("netflix.TitleSummary")]
public sealed record TitleSummary(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Year,
    [property: Id(3)] string[] Genres,
    [property: Id(4)] MaturityRating Maturity,
    [property: Id(5)] TimeSpan Runtime,
    [property: Id(6)] double Popularity,
    [property: Id(7)] string[]? Cast = null);
