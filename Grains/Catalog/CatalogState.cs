using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Grains.Catalog;

[GenerateSerializer, Alias("netflix.CatalogState")]
public sealed class CatalogState
{
    [Id(0)] public Dictionary<string, TitleSummary> Titles { get; set; } = new(StringComparer.Ordinal);
}
