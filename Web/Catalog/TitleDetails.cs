using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;
using Orleans.Netflix.Members;

namespace Orleans.Netflix.Web.Catalog;

/// <summary>What the title page shows one member: the title, whether and where they can start it, and its languages.</summary>
public sealed record TitleDetails(
    TitleView Title,
    TimeSpan? ResumeAt,
    bool Playable,
    string? NotPlayableReason,
    string[] AudioLanguages,
    string[] SubtitleLanguages,
    bool AboveMaturityLimit)
{
    public ArtworkVariant? Poster => Title.Artwork.FirstOrDefault();

    /// <summary>Reads the title, its media index and the member's resume point side by side; null for an unknown title.</summary>
    public static async Task<TitleDetails?> ReadAsync(IGrainFactory grains, string memberId, string titleId)
    {
        if (GrainKeys.Problem(titleId) is not null) return null;
        var titleCall = grains.GetGrain<ITitleGrain>(titleId).Get();
        var assetsCall = grains.GetGrain<ITitleAssetsGrain>(titleId).Get();
        var memberCall = grains.GetGrain<IMemberGrain>(memberId).PlaybackProfile(titleId);
        var title = await titleCall;
        var assets = await assetsCall;
        var member = await memberCall;
        if (title is null) return null;

        var playable = title.Availability == TitleAvailability.Playable && assets is not null;
        var reason = title.Availability switch
        {
            TitleAvailability.ComingSoon => "Coming soon",
            TitleAvailability.Withdrawn => "No longer available",
            _ => playable ? null : "Coming soon",
        };
        var aboveLimit = member is not null && title.Metadata.Maturity > member.Profile.MaturityLimit;
        var resume = member?.Resume is { } r && r.Position > TimeSpan.Zero ? r.Position : (TimeSpan?)null;
        return new TitleDetails(title, resume, playable, reason,
            [.. (assets?.Audio ?? []).Select(a => a.Language).Distinct(StringComparer.OrdinalIgnoreCase)],
            [.. (assets?.Subtitles ?? []).Select(s => s.Language).Distinct(StringComparer.OrdinalIgnoreCase)],
            aboveLimit);
    }
}
