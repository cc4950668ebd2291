using Microsoft.AspNetCore.Mvc.RazorPages;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Web.Catalog;

namespace Orleans.Netflix.Web.Pages;

public sealed class GenresModel(MemberCatalog catalog) : PageModel
{
    public GenreCount[] Genres { get; private set; } = [];

    public async Task OnGetAsync() => Genres = await catalog.GenresAsync();
}
