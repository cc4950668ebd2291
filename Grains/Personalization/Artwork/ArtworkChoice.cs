using Orleans.Netflix.Catalog;

namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>
/// The variant to show, the probability the policy had of showing it (logged with the impression), and whether it was
/// explored: the model rated another variant higher (a pick among tied best ones is exploitation).
/// </summary>
public sealed record ArtworkChoice(ArtworkVariant Variant, double Propensity, bool Explored);
