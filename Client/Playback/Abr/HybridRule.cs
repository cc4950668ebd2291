namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// Our rule, in BBA's family: the buffer picks the next segment's size, the measured throughput keeps
/// that choice from stalling, and a fast start fills the buffer.
/// <list type="bullet">
/// <item>Chunk map (BBA-1): between <paramref name="reservoirSeconds"/> and reservoir +
/// <paramref name="cushionSeconds"/> the buffer maps linearly onto the next segment's size, from the
/// lowest rendition's to the highest's, and the rule takes the largest segment under that size. Sizes,
/// not nominal bitrates: a capped-CRF encode often spends far less than its cap, and a simple scene's
/// segments are small enough to take at a high rendition on a link a rate map would call too slow.
/// Like BBA it moves only when the map crosses the next size up or down, which keeps switches rare.</item>
/// <item>Download guard: never a segment that, at the throughput estimate, would take longer than the
/// buffer above <paramref name="guardSeconds"/>. A buffer-only rule reads a full buffer as "take the
/// top" and keeps doing so while the link collapses, until the buffer runs dry: that is where BBA stalls.</item>
/// <item>Start (as BBA-2): until the buffer first reaches the cushion, also any rendition whose segment
/// downloads in under <paramref name="startupShare"/> of its play time, so the buffer still grows.</item>
/// </list>
/// </summary>
public sealed class HybridRule(double reservoirSeconds = 5, double cushionSeconds = 10, double guardSeconds = 4, double startupShare = 0.5) : IAbrRule
{
    private bool _started;

    public string Name => "ours";

    public int Choose(AbrContext context)
    {
        var buffer = context.BufferSeconds;
        if (buffer >= reservoirSeconds + cushionSeconds) _started = true;
        var previous = context.PreviousRendition ?? context.Lowest;
        var choice = BufferMap.Choose(context.Highest + 1, context.NextSegmentBits, buffer, reservoirSeconds, cushionSeconds, previous);

        if (context.ThroughputKbps is not { } kbps) return context.Lowest;
        double DownloadSeconds(int r) => context.NextSegmentBits(r) / (kbps * 1000);
        if (!_started)
        {
            while (choice < context.Highest && DownloadSeconds(choice + 1) <= context.SegmentSeconds * startupShare) choice++;
        }
        var budget = buffer - guardSeconds;
        while (choice > context.Lowest && DownloadSeconds(choice) > budget) choice--;
        return choice;
    }
}
