using Microsoft.Extensions.Logging;

namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// The cache's files: objects at <c>Root/&lt;first 2 hex&gt;/&lt;sha256&gt;</c>, written as a partial file while
/// hashing and renamed into place only once verified (a crash leaves at most partials), and, when configured, the
/// folder of links to verified objects another server (nginx) serves from (<see cref="VerifiedLinks"/>).
/// No index and no locking: the cache decides what to keep and calls these in order.
/// </summary>
internal sealed class ObjectStore(CacheOptions options, ILogger logger)
{
    private readonly VerifiedLinks? _links =
        string.IsNullOrWhiteSpace(options.VerifiedLinksRoot) ? null : new VerifiedLinks(options.VerifiedLinksRoot, logger);

    public string Root { get; } = Path.GetFullPath(options.Root);

    public string PathOf(CacheKey key) => ObjectFiles.FinalPath(Root, key);

    /// <summary>
    /// What the folder holds after deleting leftover partials; links left by an earlier run are dropped first, so what
    /// was held is verified again before another server may serve it. Runs the walk on the thread pool.
    /// </summary>
    public async Task<DiskScan> ScanAsync(CancellationToken ct)
    {
        if (_links is not null) await Task.Run(_links.Clear, ct).ConfigureAwait(false);
        return await Task.Run(() => DiskScan.Run(Root, ct), ct).ConfigureAwait(false);
    }

    /// <summary>Opens a file for one reader, or null if it is gone.</summary>
    public static Stream? TryOpen(string path) => ObjectFiles.TryOpenRead(path);

    /// <summary>Checks a stored object's length and SHA-256 against its key.</summary>
    public Task<ObjectFiles.Check> VerifyAsync(CacheKey key, CancellationToken ct) => ObjectFiles.VerifyAsync(PathOf(key), key, ct);

    /// <summary>Makes the object's folder and names a fresh partial file for it; a <see cref="CacheDiskException"/> if the disk refuses.</summary>
    public string NewPartial(CacheKey key)
    {
        var final = PathOf(key);
        ObjectFiles.OnDisk(() => Directory.CreateDirectory(Path.GetDirectoryName(final)!), final);
        return ObjectFiles.NewPartialPath(final);
    }

    /// <summary>
    /// Streams <paramref name="origin"/> into <paramref name="partial"/>, checking length and SHA-256
    /// (<see cref="CorruptObjectException"/>) and stopping as soon as more bytes than expected arrive. The partial is
    /// deleted if anything fails.
    /// </summary>
    public async Task ReceiveAsync(Stream origin, string partial, CacheKey key, CancellationToken ct)
    {
        try
        {
            await ObjectFiles.CopyVerifiedAsync(origin, partial, key, ct).ConfigureAwait(false);
        }
        catch
        {
            ObjectFiles.TryDelete(partial);
            throw;
        }
    }

    /// <summary>
    /// Renames a verified partial into place. The name is the content's hash, so a file already there should hold the
    /// same bytes; ours are verified, so they replace it atomically.
    /// </summary>
    public string Place(CacheKey key, string partial)
    {
        var final = PathOf(key);
        ObjectFiles.OnDisk(() =>
        {
            File.Move(partial, final, overwrite: true);
            return final;
        }, final);
        return final;
    }

    /// <summary>Lets the other server serve the object: only ever called once its bytes were verified.</summary>
    public void Show(CacheKey key) => _links?.Show(key, PathOf(key));

    /// <summary>Withdraws the object from the other server: always before its file goes, so nginx never finds a link to nothing.</summary>
    public void Hide(CacheKey key) => _links?.Hide(key);

    /// <summary>Deletes the object's file; false if that failed.</summary>
    public bool Delete(CacheKey key) => ObjectFiles.TryDelete(PathOf(key));

    /// <summary>Deletes a partial file (an object the cache could not keep, once its readers hold it open).</summary>
    public static void Discard(string path) => ObjectFiles.TryDelete(path);
}
