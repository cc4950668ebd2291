using Orleans.Netflix.Client.Playback.Abr;
using Orleans.Netflix.Client.Playback.Hls;
using Orleans.Netflix.Media;
using Orleans.Netflix.Playback;

namespace Orleans.Netflix.Client.Playback;

/// <summary>One file of a media playlist, by its path in the title's folder.</summary>
public sealed record MediaSegment(string Path, double Seconds);

/// <summary>A media playlist as the player fetches it: its init segment (if any) and its segments, by path in the title's folder.</summary>
public sealed record MediaTrack(string? InitPath, IReadOnlyList<MediaSegment> Segments);

/// <summary>
/// What a play can fetch, read from the master and media playlists: the renditions the manifest allows (lowest nominal
/// bitrate first), each with its video track and the audio track the master playlist pairs with it (its own audio
/// group, in the manifest's language; lower audio under 720p), and the title as the ABR rule sees it.
/// </summary>
public sealed class TitleTracks
{
    private TitleTracks(IReadOnlyList<int> heights, IReadOnlyList<MediaTrack> video, IReadOnlyList<MediaTrack?> audio, AbrTitle title)
    {
        Heights = heights;
        Video = video;
        Audio = audio;
        Title = title;
    }

    /// <summary>Each rendition's height, in the rule's order (lowest nominal bitrate first).</summary>
    public IReadOnlyList<int> Heights { get; }

    public IReadOnlyList<MediaTrack> Video { get; }

    /// <summary>The audio each rendition plays with (null: none); renditions of one audio group share the same track.</summary>
    public IReadOnlyList<MediaTrack?> Audio { get; }

    /// <summary>
    /// The title as the rule sees it (<see cref="AbrTitle"/>): nominal bitrates, and from the index every segment's bytes as fetched (the
    /// video segment with the audio segment of its variant's group; a file the index lacks counts at its nominal bitrate).
    /// </summary>
    public AbrTitle Title { get; }

    /// <summary>Segments every rendition has.</summary>
    public int Segments => Title.Segments;

    /// <summary>The segment that holds <paramref name="position"/> (the first when the position lies past the end).</summary>
    public int SegmentAt(TimeSpan position)
    {
        var segment = (int)Math.Floor(position.TotalSeconds / Video[0].Segments.Max(s => s.Seconds));
        return segment >= Segments ? 0 : segment;
    }

    /// <summary>Where segment <paramref name="segment"/> starts in the media.</summary>
    public TimeSpan StartOf(int segment) => TimeSpan.FromSeconds(Video[0].Segments.Take(segment).Sum(s => s.Seconds));

    /// <summary>Reads the playlists through <paramref name="fetch"/> (a file by its path in the title's folder).</summary>
    /// <param name="index">The title's index: the nominal bitrates and every file's size.</param>
    /// <exception cref="PlaybackFailedException">The master playlist has none of the renditions the manifest allows.</exception>
    public static async Task<TitleTracks> LoadAsync(PlaybackManifest manifest, TitleAssets index, Func<string, Task<byte[]>> fetch)
    {
        async Task<string> TextAsync(string path) => System.Text.Encoding.UTF8.GetString(await fetch(path));
        async Task<MediaTrack> TrackAsync(string playlistPath)
        {
            var media = HlsPlaylists.ParseMedia(await TextAsync(playlistPath));
            var folder = TitleAssetPaths.FolderOf(playlistPath);
            return new MediaTrack(media.InitUri is null ? null : folder + Relative(media.InitUri),
                [.. media.Segments.Select(s => new MediaSegment(folder + Relative(s.Uri), s.Seconds))]);
        }

        var masterPath = Path.GetFileName(new Uri(manifest.Edges[0].MasterPlaylistUrl).AbsolutePath);
        var master = HlsPlaylists.ParseMaster(await TextAsync(masterPath));
        var allowed = manifest.Renditions.Select(r => r.Height).ToHashSet();
        double NominalKbps(HlsVariant variant) => NominalKbpsOf(index, variant);
        var variants = master.Variants.Where(v => allowed.Contains(v.Height)).DistinctBy(v => v.Height).OrderBy(NominalKbps).ToArray();
        if (variants.Length == 0) throw new PlaybackFailedException("the master playlist has none of the renditions the manifest allows");
        var video = new List<MediaTrack>();
        foreach (var v in variants) video.Add(await TrackAsync(v.Uri));
        // Each variant plays with the audio of its own group, as the master playlist pairs them (lower audio under 720p).
        var audioTracks = new Dictionary<string, MediaTrack>();
        var audio = new MediaTrack?[variants.Length];
        for (var r = 0; r < variants.Length; r++)
        {
            var entry = master.Audio.Where(a => a.GroupId == variants[r].AudioGroup).ToArray() is { Length: > 0 } group
                ? group.FirstOrDefault(a => a.Language == manifest.AudioLanguage) ?? group.FirstOrDefault(a => a.IsDefault) ?? group[0]
                : null;
            if (entry is null) continue;
            if (!audioTracks.TryGetValue(entry.Uri, out var track)) audioTracks[entry.Uri] = track = await TrackAsync(entry.Uri);
            audio[r] = track;
        }
        var kbps = variants.Select(NominalKbps).ToArray();
        return new TitleTracks([.. variants.Select(v => v.Height)], video, audio, AbrTitleOf(kbps, video, audio, AbrTitleIndex.BytesByTitlePath(index)));
    }

    /// <summary>A rendition's nominal bitrate (kb/s) from the index, as the ABR benchmark reads it; the playlist's peak for one the index lacks.</summary>
    private static double NominalKbpsOf(TitleAssets index, HlsVariant variant) =>
        index.Video.FirstOrDefault(v => v.Playlist == variant.Uri) is { } known ? known.Rendition.VideoKbps : variant.Bandwidth / 1000.0;

    private static AbrTitle AbrTitleOf(double[] kbps, IReadOnlyList<MediaTrack> video, MediaTrack?[] audio, Dictionary<string, long> bytes)
    {
        var count = video.Min(t => t.Segments.Count);
        long Bytes(string? path) => path is not null && bytes.TryGetValue(path, out var b) ? b : 0;
        long Segment(int r, int i)
        {
            var s = video[r].Segments[i];
            var videoBytes = bytes.TryGetValue(s.Path, out var b) ? b : (long)(kbps[r] * 1000 / 8 * s.Seconds);
            return videoBytes + (audio[r] is { } a && i < a.Segments.Count ? Bytes(a.Segments[i].Path) : 0);
        }
        var audioTracks = audio.OfType<MediaTrack>().Distinct().ToArray();
        return new AbrTitle(kbps, [.. video[0].Segments.Take(count).Select(s => s.Seconds)],
            [.. video.Select((_, r) => Enumerable.Range(0, count).Select(i => Segment(r, i)).ToArray())],
            [.. video.Select(t => Bytes(t.InitPath))])
        {
            AudioOf = audioTracks.Length == 0 ? [] : [.. audio.Select(a => Array.IndexOf(audioTracks, a))],
            AudioInitBytes = [.. audioTracks.Select(a => Bytes(a.InitPath))],
        };
    }

    private static string Relative(string uri) =>
        uri.Contains("://", StringComparison.Ordinal) || uri.StartsWith('/') || uri.Contains("..", StringComparison.Ordinal)
            ? throw new FormatException($"'{uri}' is not a path inside the title's folder")
            : uri;
}
