using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Web.Configuration;

namespace Orleans.Netflix.Web.Posters;

/// <summary>
/// Edge URLs for artwork cut from a title's frames (variants whose URI is a path in the title's published folder):
/// steering signs one link to the title's artwork folder on the best edge for this website's region and location, kept
/// here for a quarter of its lifetime, so a page of tiles asks steering once per title, not once per tile or view.
/// </summary>
public sealed class StillLinks(IGrainFactory grains, IMemoryCache cache, IOptions<WebOptions> options, TimeProvider clock)
{
    /// <summary>True for a still: its URI is a file of the title's published folder, which edges serve.</summary>
    public static bool IsStill(ArtworkVariant variant) => variant.Uri.StartsWith("titles/", StringComparison.Ordinal);

    /// <summary>The still's signed edge URL; null when the title has no published media or no edge is live (show a generated poster).</summary>
    public async Task<string?> UrlOfAsync(string titleId, ArtworkVariant still)
    {
        var folder = await cache.GetOrCreateAsync(("artwork-links", titleId), async entry =>
        {
            var o = options.Value;
            try
            {
                var links = await grains.GetGrain<ISteeringGrain>(o.Region).SteerArtwork(titleId, o.Region, o.ClientLocation);
                entry.AbsoluteExpiration = clock.GetUtcNow() + (links.ExpiresAt - clock.GetUtcNow()) / 4;
                return links.FolderUrls.FirstOrDefault();
            }
            catch (Exception e) when (e is NotFoundException or InvalidOperationException)
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(10);
                return null;
            }
        });
        if (folder is null) return null;
        var name = still.Uri[(still.Uri.LastIndexOf('/') + 1)..];
        return folder + Uri.EscapeDataString(name);
    }
}
