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
/// model (<see cref="BrowseScreenBuilder"/>), picks each title's image for this member, and logs what was shown: each
/// title shown is an impression (row, position, artwork) in the analytics log. The rows are those of the
/// member's home region (<see cref="RegionDirectory.HomeOf"/>) unless a region is asked for, and the model reads every
/// region's plays, so the screen is the same whichever region serves it.
/// <para>
/// With <see cref="BrowseOptions.KeepScreens"/> (the default) the layout is kept (<see cref="KeptScreen"/>) until the
/// member, the model, the trending list or the options change, so a play, a resume point or a rating changes the next
/// screen, and the images are drawn on this silo from its copies of the titles' models (<see cref="ArtworkChooser"/>),
/// which send the artwork grains what was shown in batches, and the screen's impressions go on the analytics stream as one
/// event (<see cref="AnalyticsEventKind.ScreenShown"/>). Without it every screen is laid out anew and asks each
/// title's <see cref="IArtworkGrain"/>, all at once, and publishes an event per title (the path before).
/// </para>
/// </summary>
[GrainType("recommendations")]
public sealed class RecommendationsGrain(
    RecommendationModelHost models,
    AnalyticsPublisher analytics,
    ArtworkChooser chooser,
    IOptionsMonitor<BrowseOptions> options,
    SiloRegion home,
    RegionDirectory regions,
    TimeProvider clock,
    ILogger<RecommendationsGrain> logger) : Grain, IRecommendationsGrain
{
    private KeptScreen? _kept;

    private string MemberId => this.GetPrimaryKeyString();

    public async Task<BrowseScreen> Browse(string? region = null)
    {
        var asked = region is null ? null : regions.Get(region).Name;
        var member = await GrainFactory.GetGrain<IMemberGrain>(MemberId).Get() ?? throw new NotFoundException("member", MemberId);
        // The member's own region, not the serving one: a member whose region is evacuated keeps the same rows.
        var where = asked ?? regions.HomeOf(member.Profile.Country);
        var o = options.CurrentValue;
        var model = await models.GetAsync();
        var trending = await models.TrendingAsync(where);
        if (!o.KeepScreens)
        {
            _kept = null;
            return await RebuiltScreen(member, where, model, trending, o);
        }

        var kept = _kept is { } k && k.IsFor(member, where, model, trending, o) ? k : _kept = KeptScreen.Build(member, where, model, trending, o, chooser);
        await LoadArtworkCopies(kept);
        var now = clock.GetUtcNow();
        var memberId = MemberId;
        var toGrains = chooser.TryReserve(kept.TitleCount) ? kept.TitleCount : 0;
        var rows = new BrowseRow[kept.Rows.Length];
        var shown = new ShownTile[kept.TitleCount];
        var shownCount = 0;
        for (var r = 0; r < rows.Length; r++)
        {
            var row = kept.Rows[r];
            var items = new BrowseItem[row.Items.Length];
            for (var position = 0; position < items.Length; position++)
            {
                var item = row.Items[position];
                var tile = item.WithoutArtwork;
                if (chooser.Current(item.Slot) is { CanChoose: true } copy)
                {
                    (var variant, tile) = item.Choose(copy, Random.Shared);
                    if (toGrains > 0)
                    {
                        chooser.Queue(item.Slot, memberId, variant.ArtworkId, item.Tastes, now);
                        toGrains--;
                    }
                }
                items[position] = tile;
                shown[shownCount++] = new ShownTile(item.TitleId, tile.ArtworkId, row.Title, position);
            }
            rows[r] = new BrowseRow(row.Kind, row.Title, items);
        }
        chooser.Release(toGrains); // titles shown without an image
        // One event for the screen, logged as one impression per title; stamped with the serving region: where the
        // impressions happened, whichever region's rows they showed.
        analytics.Publish(AnalyticsEvent.ScreenShown(ImpressionIds.Next(), now, home.Name, memberId, shown));
        return new BrowseScreen(memberId, where, rows, now, model.Version);
    }

    /// <summary>Copies of the models of the titles this silo has none of yet (a title first shown here), fetched together.</summary>
    private Task LoadArtworkCopies(KeptScreen kept)
    {
        List<Task>? loads = null;
        foreach (var row in kept.Rows)
        {
            foreach (var item in row.Items)
            {
                if (item.Slot.Copy is null) (loads ??= []).Add(chooser.LoadAsync(item.Slot));
            }
        }
        return loads is null ? Task.CompletedTask : Task.WhenAll(loads);
    }

    /// <summary>The screen laid out anew, each title's artwork grain asked for its image (<see cref="BrowseOptions.KeepScreens"/> off).</summary>
    private async Task<BrowseScreen> RebuiltScreen(MemberView member, string where, RecommendationModel model, IReadOnlyList<TitlePlays> trending, BrowseOptions o)
    {
        var planned = new BrowseScreenBuilder(o).Build(member, where, model, trending);

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
