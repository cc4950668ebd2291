using Orleans.Netflix.Media;

namespace Orleans.Netflix.Client.Playback.Abr;

/// <summary>
/// A published title as ABR sees it, from its index (<see cref="TitleAssets"/>, which the client fetches to
/// check every file): the video renditions lowest first at their nominal bitrates, and each segment's bytes
/// as the player fetches them: the video segment with its audio segment, the rendition's init segment on a
/// switch, the audio's init when the audio track changes. Each rendition's audio is the one the master
/// playlist pairs with it (<see cref="AudioPairing"/>), in the wanted language or the
/// default, as an HLS player switches audio groups with the variant.
/// </summary>
public static class AbrTitleIndex
{
    /// <param name="heights">The renditions to play (null: all).</param>
    /// <param name="audioLanguage">The audio language asked for (null: the default track).</param>
    public static AbrTitle From(TitleAssets assets, IReadOnlySet<int>? heights = null, string? audioLanguage = null)
    {
        var bytes = BytesByTitlePath(assets);
        var folder = assets.Folder();
        var video = assets.Video.Where(v => heights is null || heights.Contains(v.Rendition.Height))
            .DistinctBy(v => v.Rendition.Height).OrderBy(v => v.Rendition.VideoKbps).ToArray();
        if (video.Length == 0) throw new InvalidOperationException($"{assets.TitleId} has none of the renditions asked for");
        var segments = video.Select(v => assets.SegmentsOf(v)).ToArray();
        var count = segments.Min(s => s.Length);
        if (count == 0) throw new InvalidOperationException($"{assets.TitleId} has a rendition without segments");

        var audio = video.Select(v => PairedAudio(assets, v.Rendition.Height, audioLanguage)).ToArray();
        var tracks = audio.OfType<AudioTrack>().Distinct().ToArray();
        var trackFiles = tracks.Select(a => FilesUnder(assets, folder + TitleAssetPaths.FolderOf(a.Playlist))).ToArray();
        var trackSegments = trackFiles.Select(files => files.Where(f => f.Path.EndsWith(".m4s", StringComparison.Ordinal)).ToArray()).ToArray();
        long Audio(int rendition, int i)
        {
            if (audio[rendition] is not { } track) return 0;
            var segmentsOfTrack = trackSegments[Array.IndexOf(tracks, track)];
            return i < segmentsOfTrack.Length ? segmentsOfTrack[i].Bytes : 0;
        }

        return new AbrTitle(
            [.. video.Select(v => (double)v.Rendition.VideoKbps)],
            [.. segments[0].Take(count).Select(s => s.DurationSeconds)],
            [.. segments.Select((s, r) => s.Take(count).Select((f, i) => f.Bytes + Audio(r, i)).ToArray())],
            [.. video.Select(v => InitBytes(FilesUnder(assets, assets.FolderOf(v))))])
        {
            AudioOf = tracks.Length == 0 ? [] : [.. audio.Select(a => Array.IndexOf(tracks, a))],
            AudioInitBytes = [.. trackFiles.Select(InitBytes)],
        };
    }

    /// <summary>Each file's size by its path inside the title's folder (as playlists name them).</summary>
    public static Dictionary<string, long> BytesByTitlePath(TitleAssets assets)
    {
        var folder = assets.Folder();
        return assets.Files.Where(f => f.Path.StartsWith(folder, StringComparison.Ordinal)).ToDictionary(f => f.Path[folder.Length..], f => f.Bytes);
    }

    /// <summary>As <c>MasterPlaylist</c> pairs them (<see cref="AudioPairing"/>).</summary>
    private static AudioTrack? PairedAudio(TitleAssets assets, int height, string? language)
    {
        if (assets.Audio.Length == 0) return null;
        var paired = AudioPairing.KbpsFor(height, [.. assets.Audio.Select(a => a.Kbps).Distinct().OrderDescending()]);
        var group = assets.Audio.Where(a => a.Kbps == paired).ToArray();
        return group.FirstOrDefault(a => a.Language == language) ?? group.FirstOrDefault(a => a.IsDefault) ?? group[0];
    }

    private static AssetFile[] FilesUnder(TitleAssets assets, string folder) =>
        [.. assets.Files.Where(f => f.Path.StartsWith(folder, StringComparison.Ordinal) && !f.Path[folder.Length..].Contains('/')).OrderBy(f => f.Path, StringComparer.Ordinal)];

    /// <summary>The init segment: the folder's one media file that is neither a segment nor a playlist.</summary>
    private static long InitBytes(AssetFile[] files) =>
        files.Where(f => f.Path.EndsWith(".mp4", StringComparison.Ordinal)).Sum(f => f.Bytes);
}
