using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Media.Hls;
using Orleans.Netflix.Playback;
using Orleans.Netflix.Web.Configuration;

namespace Orleans.Netflix.Web.Playback;

/// <summary>
/// The multivariant playlist a browser plays for one session: the master playlist as the session's first edge that
/// answers serves it (already cut to the member's plan by the signed URL), rewritten with one pathway per steered edge.
/// Kept for a minute per session, since a player asks for it once and a reload shortly after.
/// </summary>
public sealed class EdgeMasters(HttpClient http, IMemoryCache cache, IOptions<WebOptions> options, ILogger<EdgeMasters> logger)
{
    public static IReadOnlyList<Pathway> PathwaysOf(PlaybackManifest manifest) =>
        [.. manifest.Edges.Select(e => new Pathway(e.EdgeId, HlsFilters.PathwayIdOf(e.EdgeId), new Uri(e.MasterPlaylistUrl)))];

    /// <summary>The playlist, or null when no steered edge answered with one.</summary>
    public async Task<string?> PlaylistAsync(PlaybackManifest manifest, string steeringUri, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(manifest.SessionId, out string? cached)) return cached;
        var pathways = PathwaysOf(manifest);
        foreach (var pathway in pathways)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.Value.EdgeTimeout);
            try
            {
                var master = await http.GetStringAsync(pathway.MasterUrl, deadline.Token);
                var playlist = HlsFilters.WithPathways(master, [.. pathways.Select(p => p.ForHls)], steeringUri);
                cache.Set(manifest.SessionId, playlist, TimeSpan.FromMinutes(1));
                return playlist;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or FormatException && !cancellationToken.IsCancellationRequested)
            {
                // The URL carries a signed token: log the edge, never the URL.
                logger.LogWarning("edge {Edge} did not serve the master playlist of session {Session}: {Reason}", pathway.EdgeId, manifest.SessionId, e.Message);
            }
        }
        return null;
    }
}
