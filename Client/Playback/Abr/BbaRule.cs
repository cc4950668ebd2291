namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// BBA-0 (Huang et al., "A Buffer-Based Approach to Rate Adaptation", SIGCOMM 2014): the rate follows
/// the buffer alone. Below the reservoir, the lowest rendition; above reservoir + cushion, the highest;
/// in between a line from lowest to highest, and the rendition changes only when that line crosses the
/// next rendition up or down, which keeps switches rare.
/// </summary>
public sealed class BbaRule(double reservoirSeconds = 5, double cushionSeconds = 10) : IAbrRule
{
    public string Name => "BBA";

    public int Choose(AbrContext context)
    {
        var rates = context.BitratesKbps;
        var buffer = context.BufferSeconds;
        if (buffer <= reservoirSeconds) return context.Lowest;
        if (buffer >= reservoirSeconds + cushionSeconds) return context.Highest;

        var target = rates[0] + (rates[^1] - rates[0]) * (buffer - reservoirSeconds) / cushionSeconds;
        var previous = context.PreviousRendition ?? context.Lowest;
        var up = Math.Min(previous + 1, context.Highest);
        var down = Math.Max(previous - 1, context.Lowest);
        if (target >= rates[up])
        {
            var best = context.Lowest; // the highest rate strictly below the target
            for (var i = 0; i < rates.Count; i++)
            {
                if (rates[i] < target) best = i;
            }
            return Math.Max(best, previous);
        }
        if (target <= rates[down])
        {
            for (var i = 0; i < rates.Count; i++) // the lowest rate strictly above the target
            {
                if (rates[i] > target) return Math.Min(i, previous);
            }
        }
        return previous;
    }
}
