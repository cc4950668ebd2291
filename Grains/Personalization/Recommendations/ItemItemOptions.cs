namespace Orleans.Netflix.Grains.Personalization.Recommendations;

/// <summary>
/// The item-item model's settings. <paramref name="Neighbours"/>: similar titles kept per title (bounds memory at
/// titles × neighbours). <paramref name="Shrinkage"/>: λ in co / (co + λ), which damps a similarity resting on few co-plays
/// (two titles each played once by the same member are not "identical").
/// </summary>
public sealed record ItemItemOptions(int Neighbours = 100, double Shrinkage = 10)
{
    public static readonly ItemItemOptions Default = new();
}
