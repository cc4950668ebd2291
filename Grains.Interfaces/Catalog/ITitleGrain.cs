using Orleans.Netflix.Common;

namespace Orleans.Netflix.Catalog;

/// <summary>One title, keyed by title id. Unknown titles read as null and refuse updates.</summary>
[Alias("netflix.ITitleGrain")]
public interface ITitleGrain : INetflixGrain
{
    [Alias("Get")]
    Task<TitleView?> Get();

    /// <summary>Creates or replaces metadata, artwork and popularity; availability is kept.</summary>
    [Alias("Upsert"), TrustedTierOnly]
    Task<TitleView> Upsert(TitleMetadata metadata, ArtworkVariant[] artwork, double popularity);

    [Alias("SetAvailability"), TrustedTierOnly]
    Task<TitleView> SetAvailability(TitleAvailability availability);

    /// <summary>Replaces the artwork variants (an ingest that cut stills from the title's frames makes them the title's artwork).</summary>
    [Alias("SetArtwork"), TrustedTierOnly]
    Task<TitleView> SetArtwork(ArtworkVariant[] artwork);
}
