using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media.Copies;

/// <summary>A copy could not get a file whose bytes match the index from any origin that holds the title.</summary>
public sealed class OriginCopyException(string message) : Exception(message);

/// <summary>How far a copy has come; updated from the download threads, read by whoever reports it.</summary>
public sealed class CopyProgress
{
    private int _files;
    private long _bytes;

    public int Files => Volatile.Read(ref _files);

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Increment(ref _files);
    }
}

/// <summary>
/// Copies a title's published media from other regions' origin storage into this region's: every file of the
/// index is downloaded into a hidden folder (several at once), checked against its size and SHA-256, and only when
/// all match does the folder become the job's published folder, in one rename, so the origin never serves part of a
/// copy. A file that fails or does not match is fetched from the next origin; none matching fails the copy.
/// </summary>
public sealed class OriginCopier(HttpClient http, IOptions<IngestOptions> ingest, IOptions<OriginCopyOptions> options, ILogger<OriginCopier> logger)
{
    /// <summary>Copies <paramref name="assets"/> from <paramref name="origins"/> (base URLs, in order of preference).</summary>
    public async Task CopyAsync(TitleAssets assets, IReadOnlyList<string> origins, CopyProgress progress, CancellationToken cancellationToken)
    {
        if (origins.Count == 0) throw new OriginCopyException("no origin of a region holding it is known");
        var root = Path.GetFullPath(ingest.Value.OriginRoot);
        var folder = assets.Folder();
        var copy = OriginPublisher.CopyFolder(root, assets.TitleId, assets.JobId);
        var final = OriginPublisher.JobFolder(root, assets.TitleId, assets.JobId);
        // The index names the job's folder the way its publisher wrote it, which is how this region must write it too.
        if (Path.GetRelativePath(root, final).Replace('\\', '/') + "/" != folder)
            throw new OriginCopyException($"the index keeps its files in '{folder}', not in the job's folder");
        // Already here, checked (regions sharing one origin folder, or a copy whose end was not recorded): nothing to fetch.
        if (await HoldsAllAsync(final, folder, assets.Files, cancellationToken))
        {
            logger.LogInformation("{Title} ({Job}) is already in this region's origin, every file matching the index", assets.TitleId, assets.JobId);
            foreach (var file in assets.Files) progress.Add(file.Bytes);
            return;
        }
        if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
        Directory.CreateDirectory(copy);
        try
        {
            await Parallel.ForEachAsync(assets.Files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.FilesAtOnce), CancellationToken = cancellationToken },
                async (file, token) =>
                {
                    await CopyFileAsync(file, TargetOf(copy, folder, file), origins, token);
                    progress.Add(file.Bytes);
                });
            OriginPublisher.Promote(copy, final);
        }
        catch
        {
            if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
            throw;
        }
    }

    private async Task CopyFileAsync(AssetFile file, string target, IReadOnlyList<string> origins, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var origin in origins)
        {
            var url = new Uri(new Uri(origin.EndsWith('/') ? origin : origin + "/"), file.Path);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.FileTimeout);
            try
            {
                var bytes = await http.GetByteArrayAsync(url, timeout.Token);
                var problem = bytes.LongLength != file.Bytes ? $"{bytes.LongLength} bytes where the index says {file.Bytes}"
                    : Convert.ToHexStringLower(SHA256.HashData(bytes)) != file.Sha256 ? "its SHA-256 differs from the index's" : null;
                if (problem is null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await File.WriteAllBytesAsync(target, bytes, cancellationToken);
                    return;
                }
                problems.Add($"{origin}: {problem}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problems.Add($"{origin}: no answer within {options.Value.FileTimeout.TotalSeconds:0.#} s");
            }
            catch (HttpRequestException e)
            {
                problems.Add($"{origin}: {e.Message}");
            }
            logger.LogDebug("Copying {Path}: {Problem}", file.Path, problems[^1]);
        }
        throw new OriginCopyException($"{file.Path}: {string.Join("; ", problems)}");
    }

    private static async Task<bool> HoldsAllAsync(string final, string folder, AssetFile[] files, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(final)) return false;
        foreach (var file in files)
        {
            var path = TargetOf(final, folder, file);
            if (!File.Exists(path) || new FileInfo(path).Length != file.Bytes) return false;
            await using var stream = File.OpenRead(path);
            if (Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken)) != file.Sha256) return false;
        }
        return true;
    }

    /// <summary>Where an indexed file goes in the copy's folder; a path that would leave the title's folder is refused.</summary>
    private static string TargetOf(string copy, string folder, AssetFile file)
    {
        var inside = file.Path.StartsWith(folder, StringComparison.Ordinal) ? file.Path[folder.Length..] : null;
        if (inside is null || inside.Length == 0 || inside.Split('/').Any(p => p is "" or "." or ".." || p.StartsWith('.')))
            throw new OriginCopyException($"the index lists '{file.Path}', which is not a file inside '{folder}'");
        var target = Path.GetFullPath(Path.Combine(copy, inside));
        if (!target.StartsWith(copy + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new OriginCopyException($"the index lists '{file.Path}', which is not a file inside '{folder}'");
        return target;
    }
}
