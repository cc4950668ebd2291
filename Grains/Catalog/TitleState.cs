using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Grains.Catalog;

[GenerateSerializer, Alias("netflix.TitleState")]
public sealed class TitleState
{
    /// <summary>Null until the title is created: an uncreated title does not exist.</summary>
    [Id(0)] public TitleMetadata? Metadata { get; set; }
    [Id(1)] public List<ArtworkVariant> Artwork { get; set; } = [];
    [Id(2)] public TitleAvailability Availability { get; set; }
    [Id(3)] public double Popularity { get; set; }
    [Id(4)] public long Version { get; set; }
}
