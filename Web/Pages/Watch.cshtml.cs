using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Web.Pages;

/// <summary>
/// The player page: its script starts a session through the API and plays the session's steered playlist with
/// hls.js. <c>?start=0</c> plays from the beginning instead of the member's resume point.
/// </summary>
public sealed class WatchModel(IGrainFactory grains) : PageModel
{
    public string TitleId { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Start { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string titleId, [FromQuery] double? start)
    {
        if (GrainKeys.Problem(titleId) is not null) return NotFound();
        var title = await grains.GetGrain<ITitleGrain>(titleId).Get();
        if (title is null) return NotFound();
        TitleId = titleId;
        Name = title.Metadata.Name;
        Start = start is >= 0 and < double.MaxValue ? start.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return Page();
    }
}
