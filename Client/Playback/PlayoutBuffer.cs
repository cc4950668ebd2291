using Orleans.Netflix.Client.Playback.Abr;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// The playout buffer as the player lives it, and the QoE it adds up. <see cref="AbrPlayout"/> models the buffer, the same the
/// ABR benchmark simulates (a download drains it for as long as it took, a dry buffer is a stall, each segment adds its play
/// time, above the maximum the player waits); the playhead plays that media in real time and heartbeats the session with
/// what the buffer holds. At the end: startup, rebuffers, time stalled, seconds played, average bitrate, switches and the
/// bytes each edge delivered.
/// </summary>
public sealed class PlayoutBuffer(AbrPlayout playout, Playhead playhead, EdgeFetcher fetcher)
{
    public double Seconds => playout.BufferSeconds;

    public int Rebuffers => playout.Rebuffers;

    /// <summary>Segments added so far.</summary>
    public int Segments => playout.Choices.Count;

    /// <summary>The height of each segment's rendition, in order, given the renditions' heights.</summary>
    public IReadOnlyList<int> Renditions(IReadOnlyList<int> heights) => [.. playout.Choices.Select(c => heights[c])];

    /// <summary>
    /// <paramref name="pick"/>'s segment arrived: <paramref name="bytes"/> in <paramref name="seconds"/> of media time. The media that
    /// played meanwhile moves the playhead; above the maximum buffer the player then plays, heartbeating, until it is under it again.
    /// </summary>
    /// <returns>How long (media seconds) the player waited on a full buffer.</returns>
    public async Task<double> AddAsync(SegmentPick pick, long bytes, double seconds)
    {
        if (playout.Choices.Count > 0) playhead.Played(Math.Min(seconds, playout.BufferSeconds));
        var step = playout.Downloaded(pick.Segment, pick.Rendition, bytes, seconds);
        if (step.WaitSeconds <= 0) return 0;
        var wait = step.WaitSeconds;
        var full = playout.BufferSeconds + wait;
        var kbps = Kbps;
        await playhead.PlayAsync(wait, left => Beat(kbps, full - (wait - left)));
        return wait;
    }

    /// <summary>The heartbeat after a segment: sent when due (with no interval, always).</summary>
    public Task HeartbeatAsync()
    {
        var (kbps, buffered) = (Kbps, playout.BufferSeconds);
        return playhead.PlayAsync(0, _ => Beat(kbps, buffered));
    }

    /// <summary>What is buffered plays out, heartbeating as it goes.</summary>
    public Task PlayOutAsync()
    {
        var kbps = Kbps;
        return playhead.PlayAsync(playout.BufferSeconds, left => Beat(kbps, left));
    }

    public QoeSummary Qoe() => new(playout.StartupSeconds, playout.Rebuffers, playout.StalledSeconds, playhead.PlayedSeconds, playout.MeanKbps,
        playout.Switches, new Dictionary<string, long>(fetcher.BytesPerEdge));

    /// <summary>The bitrate of the last segment's rendition (0 before the first).</summary>
    private int Kbps => playout.Previous is { } last ? (int)playout.Title.BitratesKbps[last] : 0;

    private PlaybackHeartbeat Beat(int kbps, double bufferSeconds) =>
        new(playhead.Position, kbps, bufferSeconds, playout.Rebuffers, fetcher.CurrentEdgeId);
}
