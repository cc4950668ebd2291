using Orleans.Concurrency;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Catalog;

/// <summary>
/// A region's browse index over the one global catalog (key: <see cref="CatalogKeys.Main"/>): genre rows,
/// paging and search by name over title summaries, the same in every region whichever region a title
/// was written in. Title details stay in <see cref="ITitleGrain"/>.
/// </summary>
[Alias("netflix.ICatalogGrain")]
public interface ICatalogGrain : INetflixGrain
{
    /// <summary>
    /// Adds or replaces the titles' summaries in one write, however many titles the batch holds; each carries its
    /// title's version, so a later re-rating replaces an earlier one in every region. Returns the catalog's size.
    /// </summary>
    [Alias("Upsert"), TrustedTierOnly]
    Task<int> Upsert(TitleView[] titles);

    [ReadOnly, Alias("Browse")]
    Task<CatalogPage> Browse(BrowseQuery query);

    /// <summary>
    /// Browse as a member sees it: nothing above their maturity limit, nothing they gave a thumbs
    /// down. Throws <see cref="NotFoundException"/> for an unknown member.
    /// </summary>
    [Alias("BrowseForMember")]
    Task<CatalogPage> BrowseForMember(string memberId, string? genre, int page, int pageSize);

    /// <summary>Titles whose name contains every word of <paramref name="text"/>, best matches first.</summary>
    [ReadOnly, Alias("Search")]
    Task<TitleSummary[]> Search(string text, MaturityRating maturityLimit, int maxResults);

    /// <summary>Every title's summary (thousands: for a service that keeps its own copy, such as the recommendation model).</summary>
    [ReadOnly, Alias("All")]
    Task<TitleSummary[]> All();

    [ReadOnly, Alias("Genres")]
    Task<GenreCount[]> Genres();

    [ReadOnly, Alias("Count")]
    Task<int> Count();
}

public static class CatalogKeys
{
    public const string Main = "main";
}
