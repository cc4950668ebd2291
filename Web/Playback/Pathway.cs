using Orleans.Netflix.Media.Hls;

namespace Orleans.Netflix.Web.Playback;

/// <summary>One steered edge as a pathway: its HLS pathway id and the signed master playlist URL its URIs resolve against.</summary>
public sealed record Pathway(string EdgeId, string PathwayId, Uri MasterUrl)
{
    /// <summary>The edge's copy as the shared HLS module's steering filter takes it (<see cref="HlsFilters.WithPathways"/>).</summary>
    public HlsPathway ForHls => new(PathwayId, MasterUrl);
}
