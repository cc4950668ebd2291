namespace Orleans.Netflix.Regions;

/// <summary>
/// A write committed in its region that too few other regions hold a copy of yet, so it is not
/// acknowledged: the caller may retry. It is kept, and copied to the others when they are reachable.
/// </summary>
[GenerateSerializer, Alias("netflix.WriteNotReplicatedException")]
public sealed class WriteNotReplicatedException : Exception
{
    public WriteNotReplicatedException(string region, int copies, int required)
        : base($"written in {region} but copied to {copies} other region(s) of the {required} required; it will be copied when they are reachable")
    {
        Region = region;
        Copies = copies;
        Required = required;
    }

    [Id(0)] public string Region { get; }
    [Id(1)] public int Copies { get; }
    [Id(2)] public int Required { get; }
}
