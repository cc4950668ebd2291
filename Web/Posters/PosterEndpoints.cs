using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Web.Posters;

/// <summary>
/// <c>GET /art/{title}/{artwork}.svg</c>: a title's artwork variant: a still cut from the title's frames is a redirect to
/// its signed URL on an edge (<see cref="StillLinks"/>); any other variant is a generated poster. Public, like artwork on
/// a CDN, cached by browsers (a day for a poster, ten minutes for a redirect) and by the server's output cache, so a home
/// screen of 45 tiles costs the grains a title read per poster once, not per view.
/// </summary>
public static class PosterEndpoints
{
    public const string CachePolicy = "posters";

    public static string UrlOf(string titleId, string artworkId) => $"/art/{Uri.EscapeDataString(titleId)}/{Uri.EscapeDataString(artworkId)}.svg";

    /// <summary>The title's first variant: for pages whose tiles are not personalized (search, genres, the title page).</summary>
    public const string DefaultArtwork = "default";

    public static string DefaultUrlOf(string titleId) => UrlOf(titleId, DefaultArtwork);

    public static void MapPosters(this IEndpointRouteBuilder app) =>
        app.MapGet("/art/{titleId}/{artwork}.svg", async (string titleId, string artwork, IGrainFactory grains, StillLinks stills, HttpContext context) =>
        {
            if (GrainKeys.Problem(titleId) is not null) return Results.NotFound();
            var title = await grains.GetGrain<ITitleGrain>(titleId).Get();
            if (title is null) return Results.NotFound();
            var variant = artwork == DefaultArtwork
                ? title.Artwork.FirstOrDefault() ?? new ArtworkVariant(DefaultArtwork, "", [])
                : title.Artwork.FirstOrDefault(a => a.ArtworkId == artwork);
            if (variant is null) return Results.NotFound();
            // A still cut from the title's frames is served by the edges: send the browser there (the link expires, so briefly cached).
            if (StillLinks.IsStill(variant) && await stills.UrlOfAsync(titleId, variant) is { } edgeUrl)
            {
                context.Response.Headers.CacheControl = "private, max-age=600";
                return Results.Redirect(edgeUrl);
            }
            context.Response.Headers.CacheControl = "public, max-age=86400";
            context.Response.Headers.ETag = $"\"{title.Version}\"";
            return Results.Text(PosterArt.Render(title, variant), "image/svg+xml; charset=utf-8");
        }).CacheOutput(CachePolicy).AllowAnonymous();
}
