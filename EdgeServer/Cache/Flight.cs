namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>
/// One shared fill of one object: checking a file found on disk at startup and/or fetching it from the
/// origin. Every concurrent caller for the key waits on the same <see cref="Completion"/>; the object
/// stays protected from eviction until the last of them has opened its stream.
/// </summary>
/// <remarks>All fields but <see cref="Completion"/> are read and written under the cache's lock.</remarks>
internal sealed class Flight(CacheKey key, bool verifyExisting)
{
    public CacheKey Key { get; } = key;

    /// <summary>A registered but not yet verified file exists: check it before going to the origin.</summary>
    public bool VerifyExisting { get; } = verifyExisting;

    public TaskCompletionSource<Fill> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Callers that joined and have not yet opened their stream or given up.</summary>
    public int Waiters { get; set; }

    public bool Done { get; set; }

    public Fill? Result { get; set; }

    /// <summary>Set once the first caller opened a freshly stored object (its add already counted as an access).</summary>
    public bool FirstOpened { get; set; }
}

/// <summary>
/// Where a finished flight left the verified bytes: the registered object's file, or, for an object the
/// cache could not keep, a partial file that is deleted once every waiter has opened it.
/// </summary>
internal sealed record Fill(string Path, bool Registered, bool FromCache);
