using Orleans.Netflix.Common;

namespace Orleans.Netflix.Cdn;

/// <summary>
/// Steering for one region (key: region name): for a play, the region's live edges ranked for the
/// client (same site, then same region, then elsewhere; healthy before degraded; holding the title
/// before not; lightly loaded before busy), each with a signed URL that expires.
/// </summary>
[Alias("netflix.ISteeringGrain"), TrustedTierOnly]
public interface ISteeringGrain : INetflixGrain
{
    /// <summary>Ranked edges (at most <c>Netflix:Cdn:EdgesPerPlay</c>); a <see cref="Common.NotFoundException"/> for a title with nothing published, an <see cref="InvalidOperationException"/> when no edge is live.</summary>
    [Alias("Steer")]
    Task<SteeringResult> Steer(SteeringRequest request);

    /// <summary>
    /// Signed edge URLs for the title's artwork stills (a page of tiles, not a play: no session, no play counted, and a
    /// token for the artwork folder alone). <see cref="Common.NotFoundException"/> and <see cref="InvalidOperationException"/> as for <see cref="Steer"/>.
    /// </summary>
    [Alias("SteerArtwork")]
    Task<ArtworkLinks> SteerArtwork(string titleId, string clientRegion, string clientLocation);
}
