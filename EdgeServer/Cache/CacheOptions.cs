namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>Where the edge keeps its object cache on disk, and how big it may grow (the eviction policy is passed to the cache itself).</summary>
public sealed class CacheOptions
{
    /// <summary>The cache's folder; objects live at <c>Root/&lt;first 2 hex&gt;/&lt;sha256&gt;</c>.</summary>
    public string Root { get; set; } = "";

    /// <summary>The most bytes of objects kept on disk; the cache evicts to stay at or under it.</summary>
    public long CapacityBytes { get; set; }

    /// <summary>
    /// Where verified objects are also linked as <c>&lt;sha256&gt;</c> for another server to serve them (the nginx data
    /// plane); empty for none. A link appears only once the object's bytes were checked and goes before the object does.
    /// </summary>
    public string VerifiedLinksRoot { get; set; } = "";
}
