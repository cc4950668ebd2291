namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// Makes each download take as long as the bandwidth trace says its bytes need (<see cref="SimulatedLink"/>, the ABR benchmark's
/// link model), never less than the real download. The trace runs on the session's media time: downloads and waits on a full
/// buffer move its clock. Without a trace, downloads take what they take.
/// </summary>
public sealed class LinkShaper(PlayerOptions options, CancellationToken cancellationToken)
{
    private readonly SimulatedLink? _link = options.Trace is { } trace ? new SimulatedLink(trace) : null;
    private double _clock;

    /// <summary>A download of <paramref name="bytes"/> took <paramref name="seconds"/> of media time: waits out what the trace adds.</summary>
    /// <returns>The media seconds the download took on the link.</returns>
    public async Task<double> DownloadedAsync(long bytes, double seconds)
    {
        if (_link is not null)
        {
            var shaped = _link.DownloadSeconds(_clock, bytes);
            if (shaped > seconds)
            {
                await Task.Delay(TimeSpan.FromSeconds((shaped - seconds) / options.Speed), cancellationToken);
                seconds = shaped;
            }
        }
        _clock += seconds;
        return seconds;
    }

    /// <summary>The player waited <paramref name="seconds"/> (media time) without downloading.</summary>
    public void Waited(double seconds) => _clock += seconds;
}
