using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Web.Catalog;
using Orleans.Netflix.Web.Identity;

namespace Orleans.Netflix.Web.Pages;

/// <summary>Titles whose name holds every word typed, within the member's maturity limit, 20 a page.</summary>
public sealed class SearchModel(MemberCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public CatalogPage? Results { get; private set; }

    public string PageUrl(int page) => $"/search?q={Uri.EscapeDataString(Q ?? "")}&page={page}";

    public async Task<IActionResult> OnGetAsync()
    {
        if (string.IsNullOrWhiteSpace(Q)) return Page();
        if (Q.Length > 200) return BadRequest();
        Results = await catalog.SearchAsync(User.MemberId(), Q, PageNumber);
        return Page();
    }
}
