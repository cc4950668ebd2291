namespace Orleans.Netflix.Common;

/// <summary>
/// The call needed the region's database and the database did not answer (restarting, unreachable, out of connections).
/// Nothing the call changed is acknowledged: a write may or may not have been kept, so the caller retries it (every
/// write here sets a value, so a repeat is harmless). Said in one line; the database's own error stays in the silo's log.
/// An <see cref="OrleansException"/>, so Orleans passes it on as it is rather than wrapping it with a stack trace.
/// </summary>
[GenerateSerializer, Alias("netflix.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException(string operation, string reason)
        : base($"the region's database did not answer while {operation} ({reason}); try again in a few seconds")
    {
        Operation = operation;
        Reason = reason;
    }

    [Id(0)] public string Operation { get; }
    [Id(1)] public string Reason { get; }
}
