using Orleans.Netflix.Media.Hls;

namespace Orleans.Netflix.Client.Playback.Hls;

/// <summary>
/// What the player reads of HLS: the master's variants and audio renditions, a media playlist's EXT-X-MAP and segments,
/// as the shared HLS module (<see cref="HlsParser"/>) reads them. The model types (<see cref="HlsMaster"/>,
/// <see cref="HlsVariant"/>, ...) are the module's, imported for the whole client in Client.csproj.
/// </summary>
public static class HlsPlaylists
{
    /// <exception cref="FormatException">Not an HLS playlist, or a variant without a URI.</exception>
    public static HlsMaster ParseMaster(string text) => HlsParser.ParseMaster(text);

    /// <exception cref="FormatException">Not an HLS playlist, or a segment without its EXTINF.</exception>
    public static HlsMedia ParseMedia(string text) => HlsParser.ParseMedia(text);
}
