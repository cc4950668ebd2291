namespace Orleans.Netflix.Regions;

/// <summary>
/// A write refused because its region's clock runs ahead of the other regions' by more than they accept
/// (<c>Netflix:Replication:MaxClockDrift</c>): a region with a fast clock would otherwise win every conflicting write.
/// <see cref="Committed"/> says whether the write is kept in its own region all the same (the first write that found
/// out; it is copied once the others' clocks reach its stamp) or was not written at all.
/// </summary>
[GenerateSerializer, Alias("netflix.RegionClockAheadException")]
public sealed class RegionClockAheadException : Exception
{
    public RegionClockAheadException(string region, TimeSpan ahead, TimeSpan maxDrift, bool committed)
        : base($"{region}'s clock runs {ahead.TotalSeconds:0} s ahead of the other regions' (at most {maxDrift.TotalSeconds:0} s accepted): "
               + (committed ? "the write is kept in " + region + " but not acknowledged" : "the write was refused, nothing was written")
               + "; correct the clock (NTP) and retry")
    {
        Region = region;
        Ahead = ahead;
        MaxDrift = maxDrift;
        Committed = committed;
    }

    [Id(0)] public string Region { get; }
    [Id(1)] public TimeSpan Ahead { get; }
    [Id(2)] public TimeSpan MaxDrift { get; }
    [Id(3)] public bool Committed { get; }
}
