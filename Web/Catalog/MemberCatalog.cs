using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Members;
using Orleans.Netflix.Personalization;

namespace Orleans.Netflix.Web.Catalog;

/// <summary>The catalog as one member may see it: their home screen, search and genre pages within their maturity limit.</summary>
public sealed class MemberCatalog(IGrainFactory grains)
{
    public const int PageSize = 20;

    /// <summary>The member's rows, chosen and logged as impressions by their recommendations grain.</summary>
    public Task<BrowseScreen> HomeAsync(string memberId) => grains.GetGrain<IRecommendationsGrain>(memberId).Browse();

    public async Task<CatalogPage> SearchAsync(string memberId, string text, int page)
    {
        var limit = await MaturityLimitAsync(memberId);
        var found = await grains.GetGrain<ICatalogGrain>(CatalogKeys.Main).Search(text, limit, CatalogLimits.MaxSearchResults);
        page = Math.Max(1, page);
        return new CatalogPage([.. found.Skip((page - 1) * PageSize).Take(PageSize)], page, PageSize, found.Length);
    }

    public Task<CatalogPage> GenreAsync(string memberId, string genre, int page) =>
        grains.GetGrain<ICatalogGrain>(CatalogKeys.Main).BrowseForMember(memberId, genre, Math.Max(1, page), PageSize);

    public Task<GenreCount[]> GenresAsync() => grains.GetGrain<ICatalogGrain>(CatalogKeys.Main).Genres();

    private async Task<MaturityRating> MaturityLimitAsync(string memberId)
    {
        // The playback slice carries the profile without the viewing history; no title is asked about.
        var member = await grains.GetGrain<IMemberGrain>(memberId).PlaybackProfile(string.Empty)
                     ?? throw new NotFoundException("member", memberId);
        return member.Profile.MaturityLimit;
    }
}
