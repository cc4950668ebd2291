using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Analytics;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Analytics;
using Orleans.Netflix.Grains.Personalization.Artwork;
using Orleans.Netflix.Grains.Regions;
using Orleans.Netflix.Members;
using Orleans.Netflix.Personalization;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Grains.Personalization.Browse;

/// <summary>
/// A member's home screen (see <see cref="IRecommendationsGrain"/>): reads the member, lays out the rows from the silo's
/// model (<see cref="BrowseScreenBuilder"/>), asks each title's <see cref="IArtworkGrain"/> which image this member
/// sees, all at once, and logs what was shown. Nothing is cached between calls: a play the member just finished changes
/// the next screen. Each title shown is published as an impression (row, position, artwork) on the analytics stream.
/// The rows are those of the member's home region (<see cref="RegionDirectory.HomeOf"/>) unless a region is asked for,
/// and the model reads every region's plays, so the screen is the same whichever region serves it.
/// </summary>
[GrainType("recommendations")]
public sealed class RecommendationsGrain(
    RecommendationModelHost models,
    AnalyticsPublisher analytics,
    IOptions<BrowseOptions> options,
    SiloRegion home,
    TimeProvider clock,
    ILogger<RecommendationsGrain> logger) : Grain, IRecommendationsGrain
{
    private string MemberId => this.GetPrimaryKeyString();

    public async Task<BrowseScreen> Browse(string? region = null)
    {
        var asked = region is null ? null : RegionDirectory.Get(region).Name;
        var member = await GrainFactory.GetGrain<IMemberGrain>(MemberId).Get() ?? throw new NotFoundException("member", MemberId);
        // The member's own region, not the serving one: a member whose region is evacuated keeps the same rows.
        var where = asked ?? RegionDirectory.HomeOf(member.Profile.Country);
        var model = await models.GetAsync();
        var trending = await models.TrendingAsync(where);
        var planned = new BrowseScreenBuilder(options.Value).Build(member, where, model, trending);

        var tastes = new TasteSlices(model.Catalog.TastesOf(member.History.Select(h => h.TitleId)));
        var rows = await Task.WhenAll(planned.Select(async row =>
        {
            var items = await Task.WhenAll(row.Items.Select(item => WithArtwork(item, model.Catalog, tastes)));
            return new BrowseRow(row.Kind, row.Title, items);
        }));
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            for (var position = 0; position < row.Items.Length; position++)
            {
                var item = row.Items[position];
                // Stamped with the serving region: where the impression happened, whichever region's rows it showed.
                analytics.Publish(AnalyticsEvent.Impression(now, home.Name, MemberId, item.TitleId, item.ArtworkId, row.Title, position));
            }
        }
        return new BrowseScreen(MemberId, where, rows, now, model.Version);
    }

    private async Task<BrowseItem> WithArtwork(PlannedItem item, CatalogSnapshot catalog, TasteSlices tastes)
    {
        var title = catalog.ById.GetValueOrDefault(item.TitleId);
        var name = title?.Name ?? item.TitleId;
        try
        {
            var pick = await GrainFactory.GetGrain<IArtworkGrain>(item.TitleId).Choose(MemberId, tastes.For(title));
            return new BrowseItem(item.TitleId, name, pick.ArtworkId, pick.Uri, item.Score, item.ResumeAt);
        }
        catch (Exception e) when (e is NotFoundException or InvalidOperationException or ArgumentException)
        {
            // A title without artwork still belongs on the screen; the player shows its name instead.
            logger.LogDebug(e, "No artwork for {Title}", item.TitleId);
            return new BrowseItem(item.TitleId, name, "", "", item.Score, item.ResumeAt);
        }
    }
}
