using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Grains.Catalog;

[GrainType("catalog")]
public sealed class CatalogGrain(
    [PersistentState(StorageNames.CatalogState, StorageNames.Store)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    private CatalogIndex? _index;

    private CatalogIndex Index => _index ??= new CatalogIndex(state.State.Titles.Values);

    public async Task<int> Upsert(TitleSummary[] titles)
    {
        ArgumentNullException.ThrowIfNull(titles);
        if (titles.Length > CatalogLimits.MaxImportBatch)
            throw new ArgumentException($"at most {CatalogLimits.MaxImportBatch} titles per batch", nameof(titles));
        foreach (var title in titles) GrainKeys.Validate(title.TitleId, "title");

        foreach (var title in titles) state.State.Titles[title.TitleId] = title;
        _index = null;
        await state.WriteOrRollBackAsync();
        return state.State.Titles.Count;
    }

    public Task<CatalogPage> Browse(BrowseQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.FromResult(Index.Browse(query));
    }

    public async Task<CatalogPage> BrowseForMember(string memberId, string? genre, int page, int pageSize)
    {
        GrainKeys.Validate(memberId, "member");
        var member = await GrainFactory.GetGrain<IMemberGrain>(memberId).Get()
                     ?? throw new NotFoundException("member", memberId);
        var thumbsDown = member.Ratings.Where(r => r.Thumb == Thumb.Down).Select(r => r.TitleId).ToArray();
        return Index.Browse(new BrowseQuery(genre, member.Profile.MaturityLimit, page, pageSize, thumbsDown));
    }

    public Task<TitleSummary[]> Search(string text, MaturityRating maturityLimit, int maxResults)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 200) throw new ArgumentException("search text is longer than 200 characters", nameof(text));
        return Task.FromResult(Index.Search(text, maturityLimit, maxResults));
    }

    public Task<TitleSummary[]> All() => Task.FromResult(state.State.Titles.Values.ToArray());

    public Task<GenreCount[]> Genres() => Task.FromResult(Index.Genres());

    public Task<int> Count() => Task.FromResult(Index.Count);
}
