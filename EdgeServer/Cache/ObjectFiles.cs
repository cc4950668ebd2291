using System.Buffers;
using System.Security.Cryptography;

namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// The cache's on-disk layout and file work: where an object lives, streaming origin bytes into a
/// partial file while hashing them, and checking a stored file against its key.
/// </summary>
internal static class ObjectFiles
{
    public const string PartialSuffix = ".partial";
    private const int BufferSize = 81920;

    private static readonly FileStreamOptions ReadOptions = new()
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        // Delete: eviction may unlink the file while a viewer is still reading it.
        Share = FileShare.Read | FileShare.Delete,
        Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
    };

    private static readonly FileStreamOptions WriteOptions = new()
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        Options = FileOptions.Asynchronous,
    };

    /// <summary>Outcome of checking a stored file.</summary>
    public enum Check { Valid, Corrupt, Missing }

    public static string FinalPath(string root, CacheKey key) => Path.Combine(root, key.Sha256[..2], key.Sha256);

    public static string NewPartialPath(string finalPath) => $"{finalPath}.{Guid.NewGuid():N}{PartialSuffix}";

    /// <summary>Opens a file for one reader, or null if it is gone.</summary>
    public static FileStream? TryOpenRead(string path)
    {
        try
        {
            return new FileStream(path, ReadOptions);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes a file if it is there; true unless deleting failed.</summary>
    public static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Copies <paramref name="origin"/> into a new file at <paramref name="partialPath"/>, hashing as it goes,
    /// and throws <see cref="CorruptObjectException"/> unless length and SHA-256 match the key. Stops reading
    /// as soon as the origin sends more bytes than expected. The caller deletes the partial on failure.
    /// </summary>
    public static async Task CopyVerifiedAsync(Stream origin, string partialPath, CacheKey key, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            var file = OnDisk(() => new FileStream(partialPath, WriteOptions), partialPath);
            try
            {
                int read;
                while ((read = await origin.ReadAsync(buffer.AsMemory(0, BufferSize), ct).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > key.Bytes)
                        throw new CorruptObjectException($"object {key.Sha256}: expected {key.Bytes} bytes, the origin sent at least {total}");
                    hash.AppendData(buffer, 0, read);
                    try
                    {
                        await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new CacheDiskException($"cannot write {partialPath}: {e.Message}", e);
                    }
                }
                await OnDiskAsync(() => file.FlushAsync(ct), partialPath).ConfigureAwait(false);
            }
            finally
            {
                try
                {
                    await file.DisposeAsync().ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // Already reported by the flush above, or the copy failed first: the partial is deleted either way.
                }
            }
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (total != key.Bytes || actual != key.Sha256)
                throw new CorruptObjectException(
                    $"object {key.Sha256}: expected {key.Bytes} bytes with SHA-256 {key.Sha256}, got {total} bytes with SHA-256 {actual}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Runs a file-system step of a fill, turning the disk's refusals into <see cref="CacheDiskException"/>.</summary>
    public static T OnDisk<T>(Func<T> step, string path)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not CacheDiskException)
        {
            throw new CacheDiskException($"cache disk refused {path}: {e.Message}", e);
        }
    }

    private static async Task OnDiskAsync(Func<Task> step, string path)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CacheDiskException($"cache disk refused {path}: {e.Message}", e);
        }
    }

    /// <summary>Checks that the file at <paramref name="path"/> has exactly the key's length and hash.</summary>
    public static async Task<Check> VerifyAsync(string path, CacheKey key, CancellationToken ct)
    {
        try
        {
            var file = new FileStream(path, ReadOptions);
            await using (file.ConfigureAwait(false))
            {
                if (file.Length != key.Bytes) return Check.Corrupt;
                var hash = await SHA256.HashDataAsync(file, ct).ConfigureAwait(false);
                return Convert.ToHexStringLower(hash) == key.Sha256 ? Check.Valid : Check.Corrupt;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Check.Missing;
        }
    }
}
