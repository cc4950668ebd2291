namespace Orleans.Netflix.Grains.Catalog;

/// <summary>The browse index (configuration section "Netflix:Catalog").</summary>
public sealed class CatalogOptions
{
    public const string Section = "Netflix:Catalog";

    /// <summary>
    /// How often a region's browse index asks each region's catalog shard whether it changed (one cheap call per
    /// region): a title imported in another region reaches this region's screens this much after its copy arrives.
    /// </summary>
    public TimeSpan RefreshEvery { get; set; } = TimeSpan.FromSeconds(1);
}
