using Orleans.Netflix.Grains.Personalization.Artwork;

namespace Orleans.Netflix.Grains.Personalization;

/// <summary>
/// What one title's artwork grain keeps across activations: the learnt model and, per artwork id, how many impressions it
/// learnt from and how many of those were taken. Pending impressions are not kept (see <see cref="ArtworkGrain"/>).
/// </summary>
[GenerateSerializer, Alias("netflix.ArtworkState")]
public sealed class ArtworkState
{
    [Id(0)] public List<ModelWeight> Weights { get; set; } = [];
    [Id(1)] public Dictionary<string, long> Learned { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, long> Taken { get; set; } = new(StringComparer.Ordinal);
}
