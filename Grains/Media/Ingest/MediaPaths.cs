namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Which paths the pipeline can hand to ffmpeg. Spaces, single quotes and names starting with a dash work (paths
/// are absolute, so none starts with a dash, and every command line quotes them or passes them as arguments). A
/// double quote does not: FFMpegCore builds one quoted command line, where it would end the path. Nor does a
/// control character. Below a root, ffmpeg also reads '%' as a file-number pattern (HLS and chunk segments).
/// </summary>
public static class MediaPaths
{
    /// <summary>Why a source, audio or subtitle file's path cannot be used, or null when it can.</summary>
    public static string? Unusable(string path) =>
        path.Contains('"') ? "a path with a double quote (\") cannot be handed to ffmpeg"
        : path.Any(char.IsControl) ? "a path with a control character (a line break, a tab) cannot be handed to ffmpeg"
        : null;

    /// <summary>Why a folder the pipeline writes under (work, origin, logs) cannot be used, or null when it can.</summary>
    public static string? UnusableRoot(string path) =>
        string.IsNullOrWhiteSpace(path) ? "no folder given"
        : path.Contains('%') ? "a folder with '%' cannot be used: ffmpeg reads it as a segment-number pattern"
        : Unusable(path);
}
