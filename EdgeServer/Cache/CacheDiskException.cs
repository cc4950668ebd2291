namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// The cache's disk refused a write (full, failing, read-only): the object could not be stored or staged. The edge
/// answers 503 with Retry-After, so a player tries another edge; it is never the origin's fault, nor a 500.
/// </summary>
public sealed class CacheDiskException(string message, Exception inner) : IOException(message, inner);
