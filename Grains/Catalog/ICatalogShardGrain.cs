using Orleans.Concurrency;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Grains.Catalog;

/// <summary>
/// The catalog entries one region wrote into one catalog (key: <see cref="CatalogShardKeys.Of"/>, e.g. <c>us-east/main</c>),
/// in replicated storage so every region
/// holds every region's shard. Only its own region writes a shard, so copies never conflict; each region's
/// <see cref="CatalogGrain"/> merges all shards, title by title, into its browse index.
/// </summary>
[Alias("netflix.ICatalogShardGrain")]
public interface ICatalogShardGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces entries; refused outside the shard's own region. Returns the shard's new version.</summary>
    [Alias("Upsert"), TrustedTierOnly]
    Task<long> Upsert(CatalogEntry[] entries);

    [ReadOnly, Alias("Version")]
    Task<long> Version();

    [ReadOnly, Alias("Snapshot")]
    Task<CatalogShardSnapshot> Snapshot();
}

public static class CatalogShardKeys
{
    /// <summary>The shard of <paramref name="catalog"/> that <paramref name="region"/> writes.</summary>
    public static string Of(string region, string catalog) => $"{region}/{catalog}";

    /// <summary>The region whose shard <paramref name="key"/> is.</summary>
    public static string RegionOf(string key) => key[..Math.Max(0, key.IndexOf('/'))];
}
