using Microsoft.AspNetCore.Mvc.RazorPages;
using Orleans.Netflix.Personalization;
using Orleans.Netflix.Web.Catalog;
using Orleans.Netflix.Web.Identity;

namespace Orleans.Netflix.Web.Pages;

/// <summary>The member's home screen: their rows from the recommendations grain, Continue Watching first, each tile the artwork chosen for them.</summary>
public sealed class IndexModel(MemberCatalog catalog) : PageModel
{
    public BrowseScreen Screen { get; private set; } = null!;

    public async Task OnGetAsync() => Screen = await catalog.HomeAsync(User.MemberId());
}
