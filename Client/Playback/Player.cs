using System.Diagnostics;
using Orleans.Netflix.Client.Playback.Abr;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Media;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Client.Playback;

/// <summary>Where playback is, for a live progress line.</summary>
public sealed record PlayerProgress(TimeSpan Position, int Height, double BufferSeconds, string EdgeId, int Rebuffers, int SegmentsDone, int SegmentsTotal);

/// <summary>
/// An adaptive streaming player over HTTP. It reads the playlists from the first steered edge, keeping to the renditions the
/// manifest allows (<see cref="TitleTracks"/>); an ABR rule picks each segment's rendition and its paired audio
/// (<see cref="TrackChoice"/>); the download loop fetches each segment's files (<see cref="DownloadLoop"/>) through
/// <see cref="EdgeFetcher"/>, which checks each file against the title's index (SHA-256) and moves to the next steered edge
/// when one fails, keeping what is buffered; a bandwidth trace can shape each download (<see cref="LinkShaper"/>). The buffer,
/// the rule's inputs and the QoE are <see cref="AbrPlayout"/>'s, the same the ABR benchmark simulates, played in (scaled) real
/// time with heartbeats to the session (<see cref="PlayoutBuffer"/>, <see cref="Playhead"/>). Time is scaled by
/// <see cref="PlayerOptions.Speed"/>.
/// </summary>
public sealed class Player(HttpClient http, PlayerOptions options)
{
    /// <param name="index">The title's index: every file's SHA-256 (each download is checked) and size (the ABR rule's view of the segments ahead).</param>
    public async Task<PlayResult> PlayAsync(PlaybackManifest manifest, TitleAssets index,
        Func<PlaybackHeartbeat, Task> heartbeat, Action<PlayerProgress>? progress, CancellationToken cancellationToken)
    {
        if (manifest.Edges.Length == 0) throw new PlaybackFailedException("the manifest names no edge");
        var fetcher = new EdgeFetcher(http, manifest.Edges, index.Sha256ByTitlePath(), options.RequestTimeout);
        var playhead = new Playhead(manifest.StartPosition, options, heartbeat, cancellationToken);
        // Playlists and the first segment under the press play's trace (PressPlayTrace); ended after the first segment, or on failure.
        using var firstSegment = options.PressPlay == default ? null
            : NetflixTracing.Source.StartActivity(PressPlayTrace.FirstSegmentName, ActivityKind.Client, options.PressPlay);
        var tracks = await TitleTracks.LoadAsync(manifest, index, path => fetcher.FetchAsync(path, playhead.Position, cancellationToken));
        var first = tracks.SegmentAt(manifest.StartPosition);
        playhead.StartAt(tracks.StartOf(first));

        var playout = new AbrPlayout(options.Rule(), tracks.Title, options.MaxBufferSeconds);
        var buffer = new PlayoutBuffer(playout, playhead, fetcher);
        await new DownloadLoop(tracks, new TrackChoice(tracks, playout), buffer, playhead, fetcher, options, cancellationToken)
            .RunAsync(first, firstSegment, progress);
        await buffer.PlayOutAsync();

        var end = TimeSpan.FromMilliseconds(Math.Round(playhead.Position.TotalMilliseconds / 10) * 10); // sums of fractions of seconds, to 10 ms
        return new PlayResult(buffer.Qoe(), playhead.Start, end, buffer.Segments, fetcher.Switches, Finished: first + buffer.Segments >= tracks.Segments)
        {
            Renditions = buffer.Renditions(tracks.Heights),
        };
    }
}
