namespace Orleans.Netflix.EdgeServer.Serving;

/// <summary>The Content-Type of a published file, from its extension and (for fMP4) whether it sits in an audio track's folder.</summary>
public static class MediaTypes
{
    public const string Playlist = "application/vnd.apple.mpegurl";

    public static string For(string assetPath)
    {
        var extension = Path.GetExtension(assetPath).ToLowerInvariant();
        var folder = assetPath.Split('/') is { Length: > 1 } parts ? parts[^2] : "";
        var audio = folder.StartsWith("audio-", StringComparison.Ordinal);
        return extension switch
        {
            ".m3u8" => Playlist,
            ".m4s" or ".mp4" => audio ? "audio/mp4" : "video/mp4",
            ".vtt" => "text/vtt; charset=utf-8", // subtitles and the trick-play thumbnails' index
            ".jpg" or ".jpeg" => "image/jpeg", // trick-play sprite sheets
            _ => "application/octet-stream",
        };
    }
}
