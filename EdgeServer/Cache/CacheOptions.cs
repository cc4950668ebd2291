namespace Orleans.Netflix.EdgeServer.Cache;

/// <summary>Where the edge keeps its object cache on disk, how big it may grow, and how it picks what to drop.</summary>
public sealed class CacheOptions
{
    /// <summary>The cache's folder; objects live at <c>Root/&lt;first 2 hex&gt;/&lt;sha256&gt;</c>.</summary>
    public string Root { get; set; } = "";

    /// <summary>The most bytes of objects kept on disk; the cache evicts to stay at or under it.</summary>
    public long CapacityBytes { get; set; }

    /// <summary>The eviction policy's name: "lru" or "gdsf" (see <see cref="ContentCache.PolicyFor"/>).</summary>
    public string Policy { get; set; } = "gdsf";
}
