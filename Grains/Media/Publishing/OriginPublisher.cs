using System.Security.Cryptography;
using Orleans.Netflix.Media;
using Orleans.Netflix.Media.Hls;

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

    /// <summary>Where a copy of a job published in another region gathers until every file is checked (hidden from the origin server, like staging).</summary>
    public static string CopyFolder(string originRoot, string titleId, string jobId) =>
        Path.Combine(TitleFolder(originRoot, titleId), $".copy-{SafeNames.Folder(jobId)}");

    /// <summary>The job's published folder.</summary>
    public static string JobFolder(string originRoot, string titleId, string jobId) => Path.Combine(TitleFolder(originRoot, titleId), SafeNames.Folder(jobId));

    /// <summary>Publishes <paramref name="staging"/> as the job's folder, replacing an earlier run of the same job.</summary>
    public static async Task<(string Folder, AssetFile[] Files)> PublishAsync(string originRoot, string titleId, string jobId, string staging, CancellationToken cancellationToken)
    {
        var files = await IndexAsync(originRoot, staging, cancellationToken);
        var final = JobFolder(originRoot, titleId, jobId);
        Promote(staging, final);
        var prefix = Path.GetRelativePath(originRoot, staging);
        var published = Path.GetRelativePath(originRoot, final);
        return (final, files.Select(f => f with { Path = published + f.Path[prefix.Length..] }).ToArray());
    }

    /// <summary>Makes <paramref name="staging"/> the folder <paramref name="final"/> in one rename, replacing what was there.</summary>
    public static void Promote(string staging, string final)
    {
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
    }

    private static async Task<AssetFile[]> IndexAsync(string originRoot, string folder, CancellationToken cancellationToken)
    {
        var durations = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var playlist in Directory.EnumerateFiles(folder, "index.m3u8", SearchOption.AllDirectories))
        {
            var dir = Path.GetDirectoryName(playlist)!;
            foreach (var segment in HlsParser.ParseMedia(await File.ReadAllTextAsync(playlist, cancellationToken)).Segments)
                durations[Path.GetFullPath(Path.Combine(dir, segment.Uri))] = segment.Seconds;
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
