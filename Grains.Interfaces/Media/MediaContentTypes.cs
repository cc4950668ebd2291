namespace Orleans.Netflix.Media;

/// <summary>One row of <see cref="MediaContentTypes"/>: files with one of these extensions (and, when asked, in an audio track's folder) are sent as this type.</summary>
public sealed record MediaContentType(string[] Extensions, bool InAudioFolder, string ContentType);

/// <summary>
/// The Content-Type of every kind of file a published title holds, the one table origin, both edge planes (Kestrel and
/// nginx's generated locations) and anything else that serves media use. By extension; fMP4 (segments and the init
/// segment) in an audio track's folder (<c>audio-…/</c>) is <c>audio/mp4</c>, elsewhere <c>video/mp4</c>.
/// </summary>
public static class MediaContentTypes
{
    public const string Playlist = "application/vnd.apple.mpegurl";
    public const string Unknown = "application/octet-stream";

    /// <summary>The folder prefix of an audio track (<c>audio-{language}-{kbps}k</c>).</summary>
    public const string AudioFolderPrefix = "audio-";

    /// <summary>The rows, the first that matches wins: audio fMP4 before fMP4 in general.</summary>
    public static readonly IReadOnlyList<MediaContentType> Table =
    [
        new([".m4s", ".mp4"], InAudioFolder: true, "audio/mp4"),
        new([".m4s", ".mp4"], InAudioFolder: false, "video/mp4"),
        new([".m3u8"], InAudioFolder: false, Playlist),
        new([".vtt"], InAudioFolder: false, "text/vtt; charset=utf-8"), // subtitles and the trick-play thumbnails' index
        new([".jpg", ".jpeg"], InAudioFolder: false, "image/jpeg"), // trick-play sprite sheets
    ];

    /// <summary>The type of the file at <paramref name="path"/> ('/'-separated), or null when the table has no row for it.</summary>
    public static string? Find(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var parts = path.Split('/');
        var inAudioFolder = parts.Length > 1 && parts[^2].StartsWith(AudioFolderPrefix, StringComparison.Ordinal);
        foreach (var row in Table)
        {
            if ((!row.InAudioFolder || inAudioFolder) && row.Extensions.Contains(extension)) return row.ContentType;
        }
        return null;
    }

    /// <summary>The type of the file at <paramref name="path"/>, <see cref="Unknown"/> when the table has no row for it.</summary>
    public static string For(string path) => Find(path) ?? Unknown;
}
