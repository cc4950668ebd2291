using System.Diagnostics;
using Orleans.Netflix.Client.Playback.Abr;
using Orleans.Netflix.Client.Playback.Hls;
using Orleans.Netflix.Media;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Client.Playback;

/// <summary>Where playback is, for a live progress line.</summary>
public sealed record PlayerProgress(TimeSpan Position, int Height, double BufferSeconds, string EdgeId, int Rebuffers, int SegmentsDone, int SegmentsTotal);

/// <summary>
/// An adaptive streaming player over HTTP: reads the master playlist from the first steered edge, keeps
/// to the renditions the manifest allows, lets an ABR rule pick each segment's rendition, downloads
/// video and audio segments (init segments when the rendition changes), checks each file against the
/// title's index (SHA-256), and models the playout buffer: downloads drain it, segments fill it, a dry
/// buffer is a stall. Time is scaled by <see cref="PlayerOptions.Speed"/>, and a bandwidth trace can
/// shape each download. Files come through <see cref="EdgeFetcher"/>, which moves to the next steered
/// edge when one fails, keeping what is buffered.
/// </summary>
public sealed class Player(HttpClient http, PlayerOptions options)
{
    private HttpClient Http => http;

    private PlayerOptions Options => options;

    public async Task<PlayResult> PlayAsync(PlaybackManifest manifest, IReadOnlyDictionary<string, string> sha256ByTitlePath,
        Func<PlaybackHeartbeat, Task> heartbeat, Action<PlayerProgress>? progress, CancellationToken cancellationToken)
    {
        var run = new Run(this, manifest, sha256ByTitlePath, cancellationToken);
        return await run.PlayAsync(heartbeat, progress);
    }

    private sealed class Run(Player player, PlaybackManifest manifest, IReadOnlyDictionary<string, string> sha256, CancellationToken ct)
    {
        private readonly PlayerOptions _options = player.Options;
        private readonly EdgeFetcher _fetcher = new(player.Http, manifest.Edges, sha256, player.Options.RequestTimeout);
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private TimeSpan _position = manifest.StartPosition;
        private TimeSpan _nextHeartbeat = player.Options.HeartbeatEvery;

        public async Task<PlayResult> PlayAsync(Func<PlaybackHeartbeat, Task> heartbeat, Action<PlayerProgress>? progress)
        {
            if (manifest.Edges.Length == 0) throw new PlaybackFailedException("the manifest names no edge");
            var masterPath = Path.GetFileName(new Uri(manifest.Edges[0].MasterPlaylistUrl).AbsolutePath);
            var master = HlsPlaylists.ParseMaster(await FetchTextAsync(masterPath));
            var allowed = manifest.Renditions.Select(r => r.Height).ToHashSet();
            var variants = master.Variants.Where(v => allowed.Contains(v.Height)).DistinctBy(v => v.Height).OrderBy(v => v.Bandwidth).ToArray();
            if (variants.Length == 0) throw new PlaybackFailedException("the master playlist has none of the renditions the manifest allows");
            var tracks = new List<Track>();
            foreach (var v in variants) tracks.Add(await TrackAsync(v.Uri));
            var audioEntry = master.Audio.Where(a => a.GroupId == variants[^1].AudioGroup).ToArray() is { Length: > 0 } group
                ? group.FirstOrDefault(a => a.Language == manifest.AudioLanguage) ?? group.FirstOrDefault(a => a.IsDefault) ?? group[0]
                : null;
            var audio = audioEntry is null ? null : await TrackAsync(audioEntry.Uri);

            var count = tracks.Min(t => t.Segments.Count);
            var segmentSeconds = tracks[0].Segments.Max(s => s.Seconds);
            var first = (int)Math.Floor(manifest.StartPosition.TotalSeconds / segmentSeconds);
            if (first >= count) first = 0;
            _position = TimeSpan.FromSeconds(first * segmentSeconds);
            var startPosition = _position;
            var bitrates = variants.Select(v => v.Bandwidth / 1000.0).ToArray();

            var rule = _options.Rule();
            var estimator = new ThroughputEstimator();
            double buffer = 0, traceClock = 0, startup = 0, stalled = 0, downloaded = 0, kbpsSum = 0;
            int rebuffers = 0, switches = 0, segments = 0;
            int? previous = null;
            string? loadedInit = null;
            var audioInitLoaded = audio?.InitPath is null;

            for (var index = first; index < count; index++)
            {
                if (_options.PlaySeconds is { } limit && downloaded >= limit) break;
                var choice = Math.Clamp(rule.Choose(new AbrContext(bitrates, buffer, segmentSeconds, estimator.Kbps, previous)), 0, tracks.Count - 1);
                var track = tracks[choice];
                var started = _wall.Elapsed;
                long bytes = 0;
                if (track.InitPath is { } init && loadedInit != init)
                {
                    bytes += (await FetchAsync(init)).Length;
                    loadedInit = init;
                }
                bytes += (await FetchAsync(track.Segments[index].Path)).Length;
                if (audio is not null)
                {
                    if (!audioInitLoaded)
                    {
                        bytes += (await FetchAsync(audio.InitPath!)).Length;
                        audioInitLoaded = true;
                    }
                    if (index < audio.Segments.Count) bytes += (await FetchAsync(audio.Segments[index].Path)).Length;
                }

                var seconds = (_wall.Elapsed - started).TotalSeconds * _options.Speed; // media time the download took
                if (_options.Trace is { } trace)
                {
                    var shaped = trace.DownloadSeconds(traceClock, bytes);
                    if (shaped > seconds)
                    {
                        await Task.Delay(TimeSpan.FromSeconds((shaped - seconds) / _options.Speed), ct);
                        seconds = shaped;
                    }
                }
                traceClock += seconds;
                estimator.Add(bytes, TimeSpan.FromSeconds(Math.Max(seconds, 1e-6)));

                if (segments == 0) startup = seconds;
                else
                {
                    Play(Math.Min(seconds, buffer));
                    if (seconds > buffer)
                    {
                        stalled += seconds - buffer;
                        rebuffers++;
                    }
                    buffer = Math.Max(buffer - seconds, 0);
                }
                buffer += track.Segments[index].Seconds;
                downloaded += track.Segments[index].Seconds;
                segments++;
                kbpsSum += bitrates[choice];
                if (previous is { } p && p != choice) switches++;
                previous = choice;

                var kbps = (int)bitrates[choice];
                if (buffer > _options.MaxBufferSeconds)
                {
                    var wait = buffer - _options.MaxBufferSeconds;
                    var full = buffer;
                    await PlayOutAsync(wait, heartbeat, left => new PlaybackHeartbeat(_position, kbps, full - (wait - left), rebuffers, _fetcher.CurrentEdgeId));
                    traceClock += wait;
                    buffer -= wait;
                }
                progress?.Invoke(new PlayerProgress(_position, variants[choice].Height, buffer, _fetcher.CurrentEdgeId, rebuffers, index + 1 - first, count - first));
                var now = buffer;
                await PlayOutAsync(0, heartbeat, _ => new PlaybackHeartbeat(_position, kbps, now, rebuffers, _fetcher.CurrentEdgeId));
            }

            // What is buffered plays out, heartbeating as it goes.
            var lastKbps = previous is { } last ? (int)bitrates[last] : 0;
            await PlayOutAsync(buffer, heartbeat, left => new PlaybackHeartbeat(_position, lastKbps, left, rebuffers, _fetcher.CurrentEdgeId));
            var played = (_position - startPosition).TotalSeconds;
            var qoe = new QoeSummary(startup, rebuffers, stalled, played, segments == 0 ? 0 : kbpsSum / segments, switches, new Dictionary<string, long>(_fetcher.BytesPerEdge));
            var finished = first + segments >= count;
            var end = TimeSpan.FromMilliseconds(Math.Round(_position.TotalMilliseconds / 10) * 10); // sums of fractions of seconds, to 10 ms
            return new PlayResult(qoe, startPosition, end, segments, _fetcher.Switches, finished);
        }

        private void Play(double seconds) => _position += TimeSpan.FromSeconds(seconds);

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
