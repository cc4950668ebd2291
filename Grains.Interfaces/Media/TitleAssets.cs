using Orleans.Netflix.Common;

namespace Orleans.Netflix.Media;

/// <summary>One published file in origin storage: path relative to the origin root.</summary>
[GenerateSerializer, Immutable, Alias("netflix.AssetFile")]
public sealed record AssetFile(
    [property: Id(0)] string Path,
    [property: Id(1)] long Bytes,
    [property: Id(2)] double DurationSeconds,
    [property: Id(3)] string Sha256);

/// <summary>
/// Where a title's playable media is: its master playlist, tracks, every file with its checksum, and its trick-play
/// thumbnails when ingest made them (null for media published before they existed).
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.TitleAssets")]
public sealed record TitleAssets(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string JobId,
    [property: Id(2)] string MasterPlaylist,
    [property: Id(3)] VideoTrack[] Video,
    [property: Id(4)] AudioTrack[] Audio,
    [property: Id(5)] SubtitleTrack[] Subtitles,
    [property: Id(6)] AssetFile[] Files,
    [property: Id(7)] DateTimeOffset PublishedAt,
    [property: Id(8)] TrickPlayTrack? TrickPlay = null,
    [property: Id(9)] ArtworkStill[]? Stills = null);

/// <summary>
/// The grain index of a title's media in origin storage (the bytes stay on disk), the same in every region: publishing
/// in one region indexes the media everywhere, and each region's copier brings the bytes into its own origin storage.
/// </summary>
[Alias("netflix.ITitleAssetsGrain")]
public interface ITitleAssetsGrain : INetflixGrain
{
    /// <summary>
    /// Replaces the index with <paramref name="assets"/> (publishing again replaces, never appends), and records that the
    /// calling silo's region holds every file of it: call it once the files are in that region's origin storage.
    /// </summary>
    [Alias("Publish"), TrustedTierOnly]
    Task Publish(TitleAssets assets);

    [Alias("Get")]
    Task<TitleAssets?> Get();

    /// <summary>Just the master playlist's path (null when nothing is published): what steering needs on every play, without the file list.</summary>
    [Alias("MasterPlaylist")]
    Task<string?> MasterPlaylist();

    /// <summary>Where the current media can be played: one entry per region, playable, copying, waiting or failed.</summary>
    [Alias("Placement")]
    Task<RegionMedia[]> Placement();
}
