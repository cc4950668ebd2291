using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media.Copies;

/// <summary>Where a title's current media can be played, from what each region's origin holds.</summary>
public static class MediaPlacement
{
    /// <summary>True when <paramref name="holding"/> is every file of <paramref name="assets"/>, checked.</summary>
    public static bool Serves(this OriginHolding? holding, TitleAssets assets) =>
        holding is { State: MediaCopyState.Complete } && holding.JobId == assets.JobId;

    public static RegionMedia Of(string region, TitleAssets? assets, OriginHolding? holding)
    {
        if (assets is null || holding is null || holding.JobId != assets.JobId) return new RegionMedia(region, RegionMediaStatus.Waiting, holding);
        return new RegionMedia(region, holding.State switch
        {
            MediaCopyState.Complete => RegionMediaStatus.Playable,
            MediaCopyState.Copying => RegionMediaStatus.Copying,
            _ => RegionMediaStatus.Failed,
        }, holding);
    }
}
