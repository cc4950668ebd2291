using Orleans.Netflix.Common;

namespace Orleans.Netflix.Personalization;

/// <summary>
/// One member's home screen (key: member id): rows of 40 to 50 titles in all, chosen by the recommendation model from
/// the member's viewing history (popular titles in their region when they have none), each with the artwork chosen
/// for them. Every title shown is logged as an impression.
/// </summary>
[Alias("netflix.IRecommendationsGrain")]
public interface IRecommendationsGrain : INetflixGrain
{
    /// <param name="region">Whose trends to show (one of the known regions); by default the member's home region (from their country), whichever region serves the call.</param>
    /// <exception cref="NotFoundException">The member does not exist.</exception>
    /// <exception cref="ArgumentException">The region is not a known one.</exception>
    [Alias("Browse")]
    Task<BrowseScreen> Browse(string? region = null);
}

public enum BrowseRowKind
{
    ContinueWatching,
    TopPicks,
    BecauseYouWatched,
    TrendingInRegion,
    Genre,
    Popular,
}

[GenerateSerializer, Immutable, Alias("netflix.BrowseItem")]
public sealed record BrowseItem(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string Name,
    [property: Id(2)] string ArtworkId,
    [property: Id(3)] string ArtworkUri,
    [property: Id(4)] double Score,
    [property: Id(5)] TimeSpan? ResumeAt);

[GenerateSerializer, Immutable, Alias("netflix.BrowseRow")]
public sealed record BrowseRow(
    [property: Id(0)] BrowseRowKind Kind,
    [property: Id(1)] string Title,
    [property: Id(2)] BrowseItem[] Items);

[GenerateSerializer, Immutable, Alias("netflix.BrowseScreen")]
public sealed record BrowseScreen(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string Region,
    [property: Id(2)] BrowseRow[] Rows,
    [property: Id(3)] DateTimeOffset GeneratedAt,
    [property: Id(4)] long ModelVersion)
{
    public int TitleCount => Rows.Sum(r => r.Items.Length);
}
