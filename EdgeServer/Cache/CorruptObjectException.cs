namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// The bytes received for an object do not match its key (length or SHA-256). Nothing was stored;
/// the next request for the object goes to the origin again.
/// </summary>
public sealed class CorruptObjectException(string message) : Exception(message);
