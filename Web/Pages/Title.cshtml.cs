using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Orleans.Netflix.Web.Catalog;
using Orleans.Netflix.Web.Identity;

namespace Orleans.Netflix.Web.Pages;

/// <summary>One title for the signed-in member: its facts, and Play, Resume at their position, or why it cannot play yet.</summary>
public sealed class TitleModel(IGrainFactory grains) : PageModel
{
    public TitleDetails Details { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string titleId)
    {
        var details = await TitleDetails.ReadAsync(grains, User.MemberId(), titleId);
        if (details is null) return NotFound();
        Details = details;
        return Page();
    }
}
