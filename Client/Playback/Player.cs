using System.Diagnostics;
using Orleans.Netflix.Client.Playback.Abr;
using Orleans.Netflix.Client.Playback.Hls;
using Orleans.Netflix.Media;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Client.Playback;

/// <summary>Where playback is, for a live progress line.</summary>
public sealed record PlayerProgress(TimeSpan Position, int Height, double BufferSeconds, string EdgeId, int Rebuffers, int SegmentsDone, int SegmentsTotal);

/// <summary>
/// An adaptive streaming player over HTTP: reads the master playlist from the first steered edge, keeps
/// to the renditions the manifest allows, lets an ABR rule pick each segment's rendition, downloads
/// video and audio segments (init segments when the rendition changes), and checks each file against the
/// title's index (SHA-256). The buffer, the rule's inputs (among them the index's sizes of the segments
/// ahead) and the QoE are <see cref="AbrPlayout"/>'s, the same the ABR benchmark simulates: downloads drain
/// the buffer, segments fill it, a dry buffer is a stall. Time is scaled by <see cref="PlayerOptions.Speed"/>,
/// and a bandwidth trace can shape each download (<see cref="SimulatedLink"/>, the benchmark's link model). Files come through <see cref="EdgeFetcher"/>, which moves to the next steered
/// edge when one fails, keeping what is buffered.
/// </summary>
public sealed class Player(HttpClient http, PlayerOptions options)
{
    private HttpClient Http => http;

    private PlayerOptions Options => options;

    /// <param name="index">The title's index: every file's SHA-256 (each download is checked) and size (the ABR rule's view of the segments ahead).</param>
    public async Task<PlayResult> PlayAsync(PlaybackManifest manifest, TitleAssets index,
        Func<PlaybackHeartbeat, Task> heartbeat, Action<PlayerProgress>? progress, CancellationToken cancellationToken)
    {
        var run = new Run(this, manifest, index, cancellationToken);
        return await run.PlayAsync(heartbeat, progress);
    }

    private sealed class Run(Player player, PlaybackManifest manifest, TitleAssets index, CancellationToken ct)
    {
        private readonly PlayerOptions _options = player.Options;
        private readonly EdgeFetcher _fetcher = new(player.Http, manifest.Edges, index.Sha256ByTitlePath(), player.Options.RequestTimeout);
        private readonly Dictionary<string, long> _bytes = AbrTitleIndex.BytesByTitlePath(index);
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private TimeSpan _position = manifest.StartPosition;
        private TimeSpan _nextHeartbeat = player.Options.HeartbeatEvery;

        public async Task<PlayResult> PlayAsync(Func<PlaybackHeartbeat, Task> heartbeat, Action<PlayerProgress>? progress)
        {
            if (manifest.Edges.Length == 0) throw new PlaybackFailedException("the manifest names no edge");
            // Playlists and the first segment under the press play's trace (PressPlayTrace); ended after the first segment, or on failure.
            using var firstSegment = _options.PressPlay == default ? null
                : NetflixTracing.Source.StartActivity(PressPlayTrace.FirstSegmentName, ActivityKind.Client, _options.PressPlay);
            var masterPath = Path.GetFileName(new Uri(manifest.Edges[0].MasterPlaylistUrl).AbsolutePath);
            var master = HlsPlaylists.ParseMaster(await FetchTextAsync(masterPath));
            var allowed = manifest.Renditions.Select(r => r.Height).ToHashSet();
            var variants = master.Variants.Where(v => allowed.Contains(v.Height)).DistinctBy(v => v.Height).OrderBy(NominalKbps).ToArray();
            if (variants.Length == 0) throw new PlaybackFailedException("the master playlist has none of the renditions the manifest allows");
            var tracks = new List<Track>();
            foreach (var v in variants) tracks.Add(await TrackAsync(v.Uri));
            // Each variant plays with the audio of its own group, as the master playlist pairs them (lower audio under 720p).
            var audioTracks = new Dictionary<string, Track>();
            var audio = new Track?[variants.Length];
            for (var r = 0; r < variants.Length; r++)
            {
                var entry = master.Audio.Where(a => a.GroupId == variants[r].AudioGroup).ToArray() is { Length: > 0 } group
                    ? group.FirstOrDefault(a => a.Language == manifest.AudioLanguage) ?? group.FirstOrDefault(a => a.IsDefault) ?? group[0]
                    : null;
                if (entry is null) continue;
                if (!audioTracks.TryGetValue(entry.Uri, out var track)) audioTracks[entry.Uri] = track = await TrackAsync(entry.Uri);
                audio[r] = track;
            }

            var count = tracks.Min(t => t.Segments.Count);
            var first = (int)Math.Floor(manifest.StartPosition.TotalSeconds / tracks[0].Segments.Max(s => s.Seconds));
            if (first >= count) first = 0;
            _position = TimeSpan.FromSeconds(tracks[0].Segments.Take(first).Sum(s => s.Seconds));
            var startPosition = _position;

            var title = Title(variants, tracks, audio, count);
            var playout = new AbrPlayout(_options.Rule(), title, _options.MaxBufferSeconds);
            var link = _options.Trace is { } trace ? new SimulatedLink(trace) : null;
            double traceClock = 0, downloaded = 0;
            string? loadedInit = null, loadedAudioInit = null;

            for (var index = first; index < count; index++)
            {
                if (_options.PlaySeconds is { } limit && downloaded >= limit) break;
                var choice = playout.Choose(index);
                var track = tracks[choice];
                var started = _wall.Elapsed;
                long bytes = 0;
                if (track.InitPath is { } init && loadedInit != init)
                {
                    bytes += (await FetchAsync(init)).Length;
                    loadedInit = init;
                }
                bytes += (await FetchAsync(track.Segments[index].Path)).Length;
                if (audio[choice] is { } sound)
                {
                    if (sound.InitPath is { } audioInit && loadedAudioInit != audioInit)
                    {
                        bytes += (await FetchAsync(audioInit)).Length;
                        loadedAudioInit = audioInit;
                    }
                    if (index < sound.Segments.Count) bytes += (await FetchAsync(sound.Segments[index].Path)).Length;
                }
                firstSegment?.Dispose(); // later requests carry no trace

                var seconds = (_wall.Elapsed - started).TotalSeconds * _options.Speed; // media time the download took
                if (link is not null)
                {
                    var shaped = link.DownloadSeconds(traceClock, bytes);
                    if (shaped > seconds)
                    {
                        await Task.Delay(TimeSpan.FromSeconds((shaped - seconds) / _options.Speed), ct);
                        seconds = shaped;
                    }
                }
                traceClock += seconds;
                if (playout.Choices.Count > 0) Play(Math.Min(seconds, playout.BufferSeconds));
                var step = playout.Downloaded(index, choice, bytes, seconds);
                downloaded += title.SegmentSeconds[index];

                var kbps = (int)title.BitratesKbps[choice];
                var rebuffers = playout.Rebuffers;
                if (step.WaitSeconds > 0)
                {
                    var wait = step.WaitSeconds;
                    var full = playout.BufferSeconds + wait;
                    await PlayOutAsync(wait, heartbeat, left => new PlaybackHeartbeat(_position, kbps, full - (wait - left), rebuffers, _fetcher.CurrentEdgeId));
                    traceClock += wait;
                }
                progress?.Invoke(new PlayerProgress(_position, variants[choice].Height, playout.BufferSeconds, _fetcher.CurrentEdgeId, rebuffers, index + 1 - first, count - first));
                var now = playout.BufferSeconds;
                await PlayOutAsync(0, heartbeat, _ => new PlaybackHeartbeat(_position, kbps, now, rebuffers, _fetcher.CurrentEdgeId));
            }

            // What is buffered plays out, heartbeating as it goes.
            var lastKbps = playout.Previous is { } last ? (int)title.BitratesKbps[last] : 0;
            await PlayOutAsync(playout.BufferSeconds, heartbeat, left => new PlaybackHeartbeat(_position, lastKbps, left, playout.Rebuffers, _fetcher.CurrentEdgeId));
            var played = (_position - startPosition).TotalSeconds;
            var segments = playout.Choices.Count;
            var qoe = new QoeSummary(playout.StartupSeconds, playout.Rebuffers, playout.StalledSeconds, played, playout.MeanKbps, playout.Switches,
                new Dictionary<string, long>(_fetcher.BytesPerEdge));
            var finished = first + segments >= count;
            var end = TimeSpan.FromMilliseconds(Math.Round(_position.TotalMilliseconds / 10) * 10); // sums of fractions of seconds, to 10 ms
            return new PlayResult(qoe, startPosition, end, segments, _fetcher.Switches, finished)
            {
                Renditions = [.. playout.Choices.Select(c => variants[c].Height)],
            };
        }

        private void Play(double seconds) => _position += TimeSpan.FromSeconds(seconds);

        /// <summary>A rendition's nominal bitrate (kb/s) from the index, as the ABR benchmark reads it; the playlist's peak for one the index lacks.</summary>
        private double NominalKbps(HlsVariant variant) =>
            index.Video.FirstOrDefault(v => v.Playlist == variant.Uri) is { } known ? known.Rendition.VideoKbps : variant.Bandwidth / 1000.0;

        /// <summary>
        /// The title as the rule sees it (<see cref="AbrTitle"/>): nominal bitrates, and from the index every segment's bytes as fetched (the
        /// video segment with the audio segment of its variant's group; a file the index lacks counts at its nominal bitrate).
        /// </summary>
        private AbrTitle Title(HlsVariant[] variants, List<Track> tracks, Track?[] audio, int count)
        {
            long Bytes(string? path) => path is not null && _bytes.TryGetValue(path, out var b) ? b : 0;
            var kbps = variants.Select(NominalKbps).ToArray();
            long Segment(int r, int i)
            {
                var s = tracks[r].Segments[i];
                var video = _bytes.TryGetValue(s.Path, out var b) ? b : (long)(kbps[r] * 1000 / 8 * s.Seconds);
                return video + (audio[r] is { } a && i < a.Segments.Count ? Bytes(a.Segments[i].Path) : 0);
            }
            var audioTracks = audio.OfType<Track>().Distinct().ToArray();
            return new AbrTitle(kbps, [.. tracks[0].Segments.Take(count).Select(s => s.Seconds)],
                [.. tracks.Select((_, r) => Enumerable.Range(0, count).Select(i => Segment(r, i)).ToArray())],
                [.. tracks.Select(t => Bytes(t.InitPath))])
            {
                AudioOf = audioTracks.Length == 0 ? [] : [.. audio.Select(a => Array.IndexOf(audioTracks, a))],
                AudioInitBytes = [.. audioTracks.Select(a => Bytes(a.InitPath))],
            };
        }

        /// <summary>
        /// Plays <paramref name="seconds"/> of buffered media in (scaled) real time, sending each heartbeat when it
        /// falls due, so a session hears from a player that waits on a full buffer or plays out its last one.
        /// </summary>
        private async Task PlayOutAsync(double seconds, Func<PlaybackHeartbeat, Task> heartbeat, Func<double, PlaybackHeartbeat> beatWithLeft)
        {
            if (_options.HeartbeatEvery <= TimeSpan.Zero)
            {
                // No interval: one heartbeat per segment downloaded (the call with nothing to play), none while playing out.
                if (seconds <= 0) await SendAsync(heartbeat, beatWithLeft(0));
                else
                {
                    await Task.Delay(TimeSpan.FromSeconds(seconds / _options.Speed), ct);
                    Play(seconds);
                }
                return;
            }
            while (true)
            {
                if (_wall.Elapsed >= _nextHeartbeat)
                {
                    _nextHeartbeat = _wall.Elapsed + _options.HeartbeatEvery;
                    await SendAsync(heartbeat, beatWithLeft(seconds));
                }
                if (seconds <= 1e-9) return;
                var untilBeat = (_nextHeartbeat - _wall.Elapsed).TotalSeconds * _options.Speed;
                var step = Math.Min(seconds, Math.Max(untilBeat, 1e-3));
                await Task.Delay(TimeSpan.FromSeconds(step / _options.Speed), ct);
                Play(step);
                seconds -= step;
            }
        }

        private async Task<Track> TrackAsync(string playlistPath)
        {
            var media = HlsPlaylists.ParseMedia(await FetchTextAsync(playlistPath));
            var folder = TitleAssetPaths.FolderOf(playlistPath);
            return new Track(media.InitUri is null ? null : folder + Relative(media.InitUri), [.. media.Segments.Select(s => new Segment(folder + Relative(s.Uri), s.Seconds))]);
        }

        private static string Relative(string uri) =>
            uri.Contains("://", StringComparison.Ordinal) || uri.StartsWith('/') || uri.Contains("..", StringComparison.Ordinal)
                ? throw new FormatException($"'{uri}' is not a path inside the title's folder")
                : uri;

        private async Task<string> FetchTextAsync(string titlePath) => System.Text.Encoding.UTF8.GetString(await FetchAsync(titlePath));

        private Task<byte[]> FetchAsync(string titlePath) => _fetcher.FetchAsync(titlePath, _position, ct);

        private static async Task SendAsync(Func<PlaybackHeartbeat, Task> heartbeat, PlaybackHeartbeat beat)
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

        private sealed record Segment(string Path, double Seconds);

        private sealed record Track(string? InitPath, IReadOnlyList<Segment> Segments);
    }
}
