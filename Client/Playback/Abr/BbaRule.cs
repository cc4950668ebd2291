namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// BBA-0 (Huang et al., "A Buffer-Based Approach to Rate Adaptation", SIGCOMM 2014): the rate follows
/// the buffer alone, through <see cref="BufferMap"/> over the renditions' bitrates.
/// </summary>
public sealed class BbaRule(double reservoirSeconds = 5, double cushionSeconds = 10) : IAbrRule
{
    public string Name => "BBA";

    public int Choose(AbrContext context) =>
        BufferMap.Choose(context.BitratesKbps.Count, r => context.BitratesKbps[r], context.BufferSeconds, reservoirSeconds, cushionSeconds,
            context.PreviousRendition ?? context.Lowest);
}
