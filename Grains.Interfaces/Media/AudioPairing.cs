namespace Orleans.Netflix.Media;

/// <summary>
/// Which audio bitrate plays with a video rendition (the master playlist's AUDIO group, which an HLS player
/// switches with the variant): the highest from 720p up, the lowest under 240p (the mobile rung, where every
/// kilobit counts), the middle one between.
/// </summary>
public static class AudioPairing
{
    /// <summary>The bitrates the pipeline encodes each audio track at, highest first.</summary>
    public static readonly IReadOnlyList<int> Kbps = [128, 64, 32];

    /// <param name="kbps">The title's audio bitrates, highest first, each once.</param>
    public static int KbpsFor(int height, IReadOnlyList<int> kbps)
    {
        if (kbps.Count == 0) throw new ArgumentException("a title without audio pairs no audio");
        if (kbps.Count == 1 || height >= 720) return kbps[0];
        return height < 240 || kbps.Count == 2 ? kbps[^1] : kbps[1];
    }
}
