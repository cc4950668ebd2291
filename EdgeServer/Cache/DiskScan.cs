namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// What a cache folder holds at startup: the complete objects found in the expected layout (oldest
/// first, so they enter the eviction order in roughly their old order), after deleting the
/// <c>*.partial</c> files an interrupted run left behind. Files in any other shape are left alone.
/// </summary>
internal sealed record DiskScan(IReadOnlyList<CacheKey> Objects, int PartialsDeleted, int Ignored)
{
    /// <summary>Walks <paramref name="root"/> (creating it if needed); synchronous file-system work.</summary>
    public static DiskScan Run(string root, CancellationToken ct)
    {
        Directory.CreateDirectory(root);
        var found = new List<(CacheKey Key, DateTime Written)>();
        var partials = 0;
        var ignored = 0;
        var walk = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var path in Directory.EnumerateFiles(root, "*", walk))
        {
            ct.ThrowIfCancellationRequested();
            var name = Path.GetFileName(path);
            if (name.EndsWith(ObjectFiles.PartialSuffix, StringComparison.Ordinal))
            {
                if (ObjectFiles.TryDelete(path)) partials++;
                continue;
            }
            var info = new FileInfo(path);
            if (CacheKey.IsLowerHex64(name) && info.Exists && Path.GetDirectoryName(path) == Path.Combine(root, name[..2]))
                found.Add((new CacheKey(name, info.Length), info.LastWriteTimeUtc));
            else
                ignored++;
        }
        return new DiskScan([.. found.OrderBy(f => f.Written).Select(f => f.Key)], partials, ignored);
    }
}
