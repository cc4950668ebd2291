using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Web.Catalog;
using Orleans.Netflix.Web.Identity;

namespace Orleans.Netflix.Web.Pages;

/// <summary>One genre as the member may see it (maturity limit, no thumbs-down titles), most popular first, 20 a page.</summary>
public sealed class GenreModel(MemberCatalog catalog) : PageModel
{
    public string Genre { get; private set; } = "";

    public CatalogPage Results { get; private set; } = null!;

    public string PageUrl(int page) => $"/genre/{Uri.EscapeDataString(Genre)}?page={page}";

    public async Task<IActionResult> OnGetAsync(string genre, [FromQuery] int page = 1)
    {
        Genre = genre;
        Results = await catalog.GenreAsync(User.MemberId(), genre, page);
        return Results.TotalItems == 0 ? NotFound() : Page();
    }
}
