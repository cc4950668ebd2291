namespace Orleans.Netflix.Grains.Personalization.Artwork;

/// <summary>
/// One learnt weight of an <see cref="OnlineLogisticModel"/>, in a form that storage can hold: the feature's two strings
/// (<see cref="FeatureKey.Name"/>, <see cref="FeatureKey.Value"/>) as they are, its weight and the sum of its squared
/// gradients (AdaGrad's step size), so a restored model continues learning where the saved one stopped.
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.ModelWeight")]
public sealed record ModelWeight(
    [property: Id(0)] string Name,
    [property: Id(1)] string Value,
    [property: Id(2)] double Weight,
    [property: Id(3)] double SquaredGradients);
