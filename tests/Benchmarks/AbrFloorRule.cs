using Orleans.Netflix.Client.Playback.Abr;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// Always the lowest rendition: not a contender but the floor of the table, the stalls no rule can avoid
/// on a ladder (a trace slower than the lowest rung stalls whatever is chosen).
/// </summary>
public sealed class AbrFloorRule : IAbrRule
{
    public string Name => "always lowest";

    public int Choose(AbrContext context) => context.Lowest;
}
