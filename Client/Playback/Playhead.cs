using System.Diagnostics;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// Where the picture is (the media position), moved on as buffered media plays in (scaled) real time, and the session's
/// heartbeats, each sent when it falls due: every <see cref="PlayerOptions.HeartbeatEvery"/> of wall time, so a session hears
/// from a player that waits on a full buffer or plays out its last one; with no interval, one per segment downloaded.
/// </summary>
public sealed class Playhead(TimeSpan position, PlayerOptions options, Func<PlaybackHeartbeat, Task> heartbeat, CancellationToken cancellationToken)
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private TimeSpan _nextHeartbeat = options.HeartbeatEvery;

    public TimeSpan Position { get; private set; } = position;

    /// <summary>Where this play started (<see cref="StartAt"/>).</summary>
    public TimeSpan Start { get; private set; } = position;

    /// <summary>Media seconds played since <see cref="Start"/>.</summary>
    public double PlayedSeconds => (Position - Start).TotalSeconds;

    /// <summary>Puts the playhead at the start of the play, before anything is played.</summary>
    public void StartAt(TimeSpan position) => Start = Position = position;

    /// <summary>Moves on by <paramref name="seconds"/> that played while the player was busy (a download).</summary>
    public void Played(double seconds) => Position += TimeSpan.FromSeconds(seconds);

    /// <summary>
    /// Plays <paramref name="seconds"/> of buffered media in (scaled) real time, sending each heartbeat when it falls due;
    /// <paramref name="beatWithLeft"/> makes it from the seconds still to play. With nothing to play, sends one if due
    /// (with no interval: always).
    /// </summary>
    public async Task PlayAsync(double seconds, Func<double, PlaybackHeartbeat> beatWithLeft)
    {
        if (options.HeartbeatEvery <= TimeSpan.Zero)
        {
            // No interval: one heartbeat per segment downloaded (the call with nothing to play), none while playing out.
            if (seconds <= 0) await SendAsync(beatWithLeft(0));
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds / options.Speed), cancellationToken);
                Played(seconds);
            }
            return;
        }
        while (true)
        {
            if (_wall.Elapsed >= _nextHeartbeat)
            {
                _nextHeartbeat = _wall.Elapsed + options.HeartbeatEvery;
                await SendAsync(beatWithLeft(seconds));
            }
            if (seconds <= 1e-9) return;
            var untilBeat = (_nextHeartbeat - _wall.Elapsed).TotalSeconds * options.Speed;
            var step = Math.Min(seconds, Math.Max(untilBeat, 1e-3));
            await Task.Delay(TimeSpan.FromSeconds(step / options.Speed), cancellationToken);
            Played(step);
            seconds -= step;
        }
    }

    private async Task SendAsync(PlaybackHeartbeat beat)
    {
        try
        {
            await heartbeat(beat);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A missed heartbeat must not stop the picture: the session tolerates a few, and the next one may pass.
        }
    }
}
