using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;
using Orleans.Netflix.Web.Catalog;
using Orleans.Netflix.Web.Identity;
using Orleans.Netflix.Web.Posters;

namespace Orleans.Netflix.Web.Api;

/// <summary>The signed-in member's home screen, title details, search and genre pages as JSON.</summary>
public static class CatalogApi
{
    public static void MapCatalogApi(this RouteGroupBuilder api)
    {
        api.MapGet("/home", async (HttpContext context, MemberCatalog catalog) =>
            TypedResults.Json(HomeScreenAnswer.Of(await catalog.HomeAsync(context.User.MemberId())), HomeScreenJson.Default.HomeScreenAnswer));

        api.MapGet("/titles/{titleId}", async (string titleId, HttpContext context, IGrainFactory grains) =>
        {
            var details = await TitleDetails.ReadAsync(grains, context.User.MemberId(), titleId);
            if (details is null) return ApiProblems.NotFound($"title '{titleId}' not found");
            var m = details.Title.Metadata;
            return Results.Ok(new
            {
                details.Title.TitleId,
                m.Name,
                m.Year,
                m.Synopsis,
                m.Genres,
                m.Cast,
                Maturity = m.Maturity.Label(),
                RuntimeSeconds = m.Runtime.TotalSeconds,
                Availability = details.Title.Availability.ToString(),
                details.Playable,
                details.NotPlayableReason,
                ResumeAtSeconds = details.ResumeAt?.TotalSeconds,
                details.AudioLanguages,
                details.SubtitleLanguages,
                Art = PosterEndpoints.DefaultUrlOf(details.Title.TitleId),
            });
        });

        api.MapGet("/search", async (string? q, int? page, HttpContext context, MemberCatalog catalog) =>
        {
            if (string.IsNullOrWhiteSpace(q)) return ApiProblems.BadRequest("search needs ?q= with at least one word");
            if (q.Length > 200) return ApiProblems.BadRequest("search text is longer than 200 characters");
            return Results.Ok(Page(await catalog.SearchAsync(context.User.MemberId(), q, page ?? 1)));
        });

        api.MapGet("/genres", async (MemberCatalog catalog) => Results.Ok(await catalog.GenresAsync()));

        api.MapGet("/genres/{genre}", async (string genre, int? page, HttpContext context, MemberCatalog catalog) =>
            Results.Ok(Page(await catalog.GenreAsync(context.User.MemberId(), genre, page ?? 1))));
    }

    private static object Page(CatalogPage page) => new
    {
        page.Page,
        page.PageSize,
        page.TotalItems,
        page.TotalPages,
        Items = page.Items.Select(t => new { t.TitleId, t.Name, t.Year, t.Genres, Maturity = t.Maturity.Label(), Art = PosterEndpoints.DefaultUrlOf(t.TitleId) }),
    };
}
