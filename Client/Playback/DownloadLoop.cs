using System.Diagnostics;

namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// The play's download loop: segment after segment from the first (or until the seconds asked for are in), the files the track
/// choice names, fetched one after another from the edges, timed in media time (wall time times the speed), stretched by the
/// link shaper, and added to the playout buffer, with a progress report and a heartbeat after each.
/// </summary>
public sealed class DownloadLoop(TitleTracks tracks, TrackChoice choice, PlayoutBuffer buffer, Playhead playhead, EdgeFetcher fetcher,
    PlayerOptions options, CancellationToken cancellationToken)
{
    private readonly LinkShaper _link = new(options, cancellationToken);

    /// <param name="first">The segment the play starts at.</param>
    /// <param name="firstSegment">Ended once the first segment is in (the press play's trace covers up to it).</param>
    public async Task RunAsync(int first, IDisposable? firstSegment, Action<PlayerProgress>? progress)
    {
        double downloaded = 0;
        for (var segment = first; segment < tracks.Segments; segment++)
        {
            if (options.PlaySeconds is { } limit && downloaded >= limit) break;
            var pick = choice.Choose(segment);
            var started = Stopwatch.GetTimestamp();
            long bytes = 0;
            foreach (var file in pick.Files) bytes += (await fetcher.FetchAsync(file, playhead.Position, cancellationToken)).Length;
            firstSegment?.Dispose(); // later requests carry no trace

            var seconds = await _link.DownloadedAsync(bytes, Stopwatch.GetElapsedTime(started).TotalSeconds * options.Speed);
            _link.Waited(await buffer.AddAsync(pick, bytes, seconds));
            downloaded += tracks.Title.SegmentSeconds[segment];
            progress?.Invoke(new PlayerProgress(playhead.Position, tracks.Heights[pick.Rendition], buffer.Seconds, fetcher.CurrentEdgeId, buffer.Rebuffers,
                segment + 1 - first, tracks.Segments - first));
            await buffer.HeartbeatAsync();
        }
    }
}
