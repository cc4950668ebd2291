using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Grains.Catalog;

/// <summary>
/// A title's place in the browse index as one region last wrote it: the summary, the title's own version
/// (every write builds on the replicated title, so a later re-rating carries a higher version), and when.
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.CatalogEntry")]
public sealed record CatalogEntry(
    [property: Id(0)] TitleSummary Title,
    [property: Id(1)] long TitleVersion,
    [property: Id(2)] DateTimeOffset WrittenAt)
{
    /// <summary>True when this entry replaces <paramref name="other"/>: higher title version, then later write, then region order.</summary>
    public bool Supersedes(CatalogEntry other, string region, string otherRegion)
    {
        if (TitleVersion != other.TitleVersion) return TitleVersion > other.TitleVersion;
        if (WrittenAt != other.WrittenAt) return WrittenAt > other.WrittenAt;
        return string.CompareOrdinal(region, otherRegion) > 0;
    }

    public static CatalogEntry From(TitleView view, DateTimeOffset writtenAt) => new(new TitleSummary(
        view.TitleId, view.Metadata.Name, view.Metadata.Year, view.Metadata.Genres, view.Metadata.Maturity, view.Metadata.Runtime,
        view.Popularity, view.Metadata.Cast), view.Version, writtenAt);
}

/// <summary>The catalog entries one region wrote, and a counter that moves on every write (how other regions notice a change cheaply).</summary>
[GenerateSerializer, Alias("netflix.CatalogShardState")]
public sealed class CatalogShardState
{
    [Id(0)] public Dictionary<string, CatalogEntry> Titles { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public long Version { get; set; }
}

/// <summary>One region's catalog entries at one version (<paramref name="Region"/> names the region, not the shard).</summary>
[GenerateSerializer, Immutable, Alias("netflix.CatalogShardSnapshot")]
public sealed record CatalogShardSnapshot(
    [property: Id(0)] string Region,
    [property: Id(1)] long Version,
    [property: Id(2)] CatalogEntry[] Titles);
