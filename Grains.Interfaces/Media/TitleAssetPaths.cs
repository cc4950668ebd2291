namespace Orleans.Netflix.Media;

/// <summary>
/// Where a title's files are relative to each other: the title's folder (its master playlist's), each
/// video rendition's folder and segments, and the checksums by path inside the title's folder (the paths
/// a player resolves against the master playlist's URL).
/// </summary>
public static class TitleAssetPaths
{
    /// <summary>The folder part of a '/'-separated path, with its trailing '/'; empty when there is none.</summary>
    public static string FolderOf(string path) => path[..(path.LastIndexOf('/') + 1)];

    /// <summary>The title's folder in origin storage, e.g. <c>titles/t-1/job-1/</c>.</summary>
    public static string Folder(this TitleAssets assets) => FolderOf(assets.MasterPlaylist);

    /// <summary>The folder in origin storage holding a video rendition's playlist, init and segments.</summary>
    public static string FolderOf(this TitleAssets assets, VideoTrack track) => assets.Folder() + FolderOf(track.Playlist);

    /// <summary>A video rendition's media segments, in play order.</summary>
    public static AssetFile[] SegmentsOf(this TitleAssets assets, VideoTrack track)
    {
        var folder = assets.FolderOf(track);
        return [.. assets.Files.Where(f => f.Path.StartsWith(folder, StringComparison.Ordinal) && f.Path.EndsWith(".m4s", StringComparison.Ordinal))
            .OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    /// <summary>Each file's SHA-256 by its path inside the title's folder.</summary>
    public static Dictionary<string, string> Sha256ByTitlePath(this TitleAssets assets)
    {
        var folder = assets.Folder();
        return assets.Files.Where(f => f.Path.StartsWith(folder, StringComparison.Ordinal)).ToDictionary(f => f.Path[folder.Length..], f => f.Sha256);
    }
}
