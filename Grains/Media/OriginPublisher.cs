using System.Security.Cryptography;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Moves a packaged title from its staging folder into origin storage in one rename and lists every
/// file with its size, duration (segments) and SHA-256 for the grain index.
/// </summary>
public static class OriginPublisher
{
    public static string TitleFolder(string originRoot, string titleId) => Path.Combine(originRoot, "titles", SafeNames.Folder(titleId));

    public static string StagingFolder(string originRoot, string titleId, string jobId) =>
        Path.Combine(TitleFolder(originRoot, titleId), $".staging-{SafeNames.Folder(jobId)}");

    /// <summary>Publishes <paramref name="staging"/> as the job's folder, replacing an earlier run of the same job.</summary>
    public static async Task<(string Folder, AssetFile[] Files)> PublishAsync(string originRoot, string titleId, string jobId, string staging, CancellationToken cancellationToken)
    {
        var files = await IndexAsync(originRoot, staging, cancellationToken);
        var final = Path.Combine(TitleFolder(originRoot, titleId), SafeNames.Folder(jobId));
        if (Directory.Exists(final))
        {
            var retired = final + $".retired-{Guid.NewGuid():N}";
            Directory.Move(final, retired);
            Directory.Move(staging, final);
            Directory.Delete(retired, recursive: true);
        }
        else
        {
            Directory.Move(staging, final);
        }
        var prefix = Path.GetRelativePath(originRoot, staging);
        var published = Path.GetRelativePath(originRoot, final);
        return (final, files.Select(f => f with { Path = published + f.Path[prefix.Length..] }).ToArray());
    }

    private static async Task<AssetFile[]> IndexAsync(string originRoot, string folder, CancellationToken cancellationToken)
    {
        var durations = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var playlist in Directory.EnumerateFiles(folder, "index.m3u8", SearchOption.AllDirectories))
        {
            var dir = Path.GetDirectoryName(playlist)!;
            foreach (var (duration, uri) in MediaPlaylist.Parse(await File.ReadAllTextAsync(playlist, cancellationToken)).Segments)
                durations[Path.GetFullPath(Path.Combine(dir, uri))] = duration;
        }
        var files = new List<AssetFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(path);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            files.Add(new AssetFile(Path.GetRelativePath(originRoot, path).Replace('\\', '/'), stream.Length,
                durations.GetValueOrDefault(Path.GetFullPath(path)), hash));
        }
        return [.. files];
    }
}
