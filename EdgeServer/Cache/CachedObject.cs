namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// One caller's handle on a verified object: its own read stream over the file, and whether the bytes
/// were already in the cache. Dispose it when done reading; the stream stays readable even if the cache
/// evicts the object meanwhile, because it holds the file open.
/// </summary>
public sealed class CachedObject : IAsyncDisposable
{
    internal CachedObject(CacheKey key, bool fromCache, Stream openedStream)
    {
        Key = key;
        FromCache = fromCache;
        OpenedStream = openedStream;
    }

    /// <summary>The object this is.</summary>
    public CacheKey Key { get; }

    /// <summary>True for a cache hit; false when the bytes had to come from the origin for this request.</summary>
    public bool FromCache { get; }

    /// <summary>A seekable stream positioned at 0, opened with <c>FileShare.Read | FileShare.Delete</c>.</summary>
    public Stream OpenedStream { get; }

    /// <summary>Closes the stream.</summary>
    public ValueTask DisposeAsync() => OpenedStream.DisposeAsync();
}
