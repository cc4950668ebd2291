using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>The variant to show and the probability the policy had of showing it (logged with the impression).</summary>
public sealed record ArtworkChoice(ArtworkVariant Variant, double Propensity);
