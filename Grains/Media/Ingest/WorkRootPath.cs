namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Keeps what a chunk encode writes inside <c>Netflix:Ingest:WorkRoot</c>. A path is inside only when, made absolute,
/// with every existing symbolic link along it followed (the root's own too) and each <c>..</c> taken after the links
/// before it, as the file system takes it, it lies below the root folder itself: neither <c>..</c>, nor a sibling folder
/// that merely starts with the root's name (<c>/tmp/work-evil</c> against <c>/tmp/work</c>), nor a link inside the root
/// pointing elsewhere gets out.
/// </summary>
public static class WorkRootPath
{
    private const int MaxLinks = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <exception cref="ArgumentException"><paramref name="path"/> (named in the message) is not inside <paramref name="root"/>.</exception>
    public static void EnsureInside(string root, string? path, string what)
    {
        if (string.IsNullOrWhiteSpace(path) || !IsInside(root, path))
            throw new ArgumentException($"{what} '{path}' is outside the work root {root}: refused");
    }

    public static bool IsInside(string root, string path)
    {
        if (path.Contains('\0') || root.Contains('\0')) return false;
        var realRoot = Resolve(Absolute(root));
        var realPath = Resolve(Absolute(path));
        if (realRoot is null || realPath is null) return false;
        var prefix = Path.EndsInDirectorySeparator(realRoot) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        return realPath.Length > prefix.Length && realPath.StartsWith(prefix, PathComparison);
    }

    /// <summary>Not <see cref="Path.GetFullPath(string)"/>: it drops <c>..</c> before links are followed, where the file system drops it after.</summary>
    private static string Absolute(string path) => Path.IsPathFullyQualified(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);

    /// <summary>
    /// The absolute path with each existing symbolic link along it replaced by its final target, as <c>realpath</c>
    /// would, except that the parts that do not exist yet are kept as they are. Null for a loop of links.
    /// </summary>
    private static string? Resolve(string fullPath)
    {
        var links = 0;
        var pending = new Stack<string>();
        var current = Path.GetPathRoot(fullPath)!;
        foreach (var part in Parts(fullPath[current.Length..]).Reverse()) pending.Push(part);
        while (pending.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Combine(current, part);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                target = null;
            }
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) return null;
            // A link's target is read relative to the folder holding the link (current); its parts go back on the stack.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }
            foreach (var p in Parts(target).Reverse()) pending.Push(p);
        }
        return current;
    }

    private static IEnumerable<string> Parts(string relative) =>
        relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
