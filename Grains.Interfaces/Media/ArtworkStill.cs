namespace Orleans.Netflix.Media;

/// <summary>
/// Artwork cut from a title's own frame: the frame's time, a portrait (2:3) and a landscape (16:9) JPEG (paths inside
/// the title's folder, published and indexed like segments), and tags from what was measured (bright/dark,
/// warm/cool/neutral, close/wide, motion/calm).
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.ArtworkStill")]
public sealed record ArtworkStill(
    [property: Id(0)] string StillId,
    [property: Id(1)] double AtSeconds,
    [property: Id(2)] string Poster,
    [property: Id(3)] string Landscape,
    [property: Id(4)] string[] Tags);
