namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// A play with no network and no clock: the same <see cref="AbrPlayout"/> the player runs, each download
/// timed by a <see cref="SimulatedLink"/> instead of made, and the wait for a full buffer passed at once.
/// The ABR benchmark runs every rule through it; a test checks that a real play over the same trace picks
/// the same renditions.
/// </summary>
public static class AbrSimulation
{
    public static AbrPlayout Play(IAbrRule rule, AbrTitle title, SimulatedLink link, double maxBufferSeconds)
    {
        var playout = new AbrPlayout(rule, title, maxBufferSeconds);
        var now = 0.0;
        for (var segment = 0; segment < title.Segments; segment++)
        {
            var choice = playout.Choose(segment);
            var bytes = playout.BytesOf(segment, choice);
            var seconds = link.DownloadSeconds(now, bytes);
            now += seconds + playout.Downloaded(segment, choice, bytes, seconds).WaitSeconds;
        }
        return playout;
    }
}
