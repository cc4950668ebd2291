using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;

namespace Orleans.Netflix.Grains.Catalog;

[GrainType("title")]
public sealed class TitleGrain(
    [PersistentState(StorageNames.TitleState, StorageNames.ReplicatedStore)] IPersistentState<TitleState> state) : Grain, ITitleGrain
{
    public Task<TitleView?> Get() => Task.FromResult(state.State.Metadata is null ? null : View());

    public async Task<TitleView> Upsert(TitleMetadata metadata, ArtworkVariant[] artwork, double popularity)
    {
        TitleRules.Check(metadata);
        TitleRules.Check(artwork);
        TitleRules.CheckPopularity(popularity);
        state.State.Metadata = metadata;
        state.State.Artwork = [.. artwork];
        state.State.Popularity = popularity;
        return await Save();
    }

    public async Task<TitleView> SetAvailability(TitleAvailability availability)
    {
        if (state.State.Metadata is null) throw new NotFoundException("title", this.GetPrimaryKeyString());
        if (!Enum.IsDefined(availability)) throw new ArgumentException("unknown availability", nameof(availability));
        state.State.Availability = availability;
        return await Save();
    }

    public async Task<TitleView> SetArtwork(ArtworkVariant[] artwork)
    {
        if (state.State.Metadata is null) throw new NotFoundException("title", this.GetPrimaryKeyString());
        TitleRules.Check(artwork);
        state.State.Artwork = [.. artwork];
        return await Save();
    }

    private async Task<TitleView> Save()
    {
        state.State.Version++;
        await state.WriteOrRollBackAsync();
        return View();
    }

    private TitleView View() => new(
        this.GetPrimaryKeyString(),
        state.State.Metadata!,
        [.. state.State.Artwork],
        state.State.Availability,
        state.State.Popularity,
        state.State.Version);
}
