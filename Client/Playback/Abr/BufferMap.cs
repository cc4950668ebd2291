namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// BBA's map from buffer to choice (Huang et al., SIGCOMM 2014), over any per-rendition value that grows
/// with the rendition (a bitrate for BBA-0, the next segment's size for BBA-1's chunk map): the lowest in
/// the reservoir, the highest past reservoir + cushion, and in between a line from the lowest value to the
/// highest. The choice moves only when the line crosses the next value up (to the highest value below the
/// line) or down (to the lowest value above it), which keeps switches rare.
/// </summary>
public static class BufferMap
{
    public static int Choose(int renditions, Func<int, double> value, double bufferSeconds, double reservoirSeconds, double cushionSeconds, int previous)
    {
        var highest = renditions - 1;
        if (bufferSeconds <= reservoirSeconds) return 0;
        if (bufferSeconds >= reservoirSeconds + cushionSeconds) return highest;

        var target = value(0) + (value(highest) - value(0)) * (bufferSeconds - reservoirSeconds) / cushionSeconds;
        if (target >= value(Math.Min(previous + 1, highest)))
        {
            var best = 0;
            for (var r = 0; r <= highest; r++)
            {
                if (value(r) < target) best = r;
            }
            return Math.Max(best, previous);
        }
        if (target <= value(Math.Max(previous - 1, 0)))
        {
            for (var r = 0; r <= highest; r++)
            {
                if (value(r) > target) return Math.Min(r, previous);
            }
        }
        return previous;
    }
}
