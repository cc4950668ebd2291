using Orleans.Netflix.Common;

namespace Orleans.Netflix.Media;

/// <summary>One published file in origin storage: path relative to the origin root.</summary>
[GenerateSerializer, Immutable, Alias("netflix.AssetFile")]
public sealed record AssetFile(
    [property: Id(0)] string Path,
    [property: Id(1)] long Bytes,
    [property: Id(2)] double DurationSeconds,
    [property: Id(3)] string Sha256);

/// <summary>Where a title's playable media is: its master playlist, tracks and every file with its checksum.</summary>
[GenerateSerializer, Immutable, Alias("netflix.TitleAssets")]
public sealed record TitleAssets(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string JobId,
    [property: Id(2)] string MasterPlaylist,
    [property: Id(3)] VideoTrack[] Video,
    [property: Id(4)] AudioTrack[] Audio,
    [property: Id(5)] SubtitleTrack[] Subtitles,
    [property: Id(6)] AssetFile[] Files,
    [property: Id(7)] DateTimeOffset PublishedAt);

/// <summary>The grain index of a title's media in origin storage (the bytes stay on disk).</summary>
[Alias("netflix.ITitleAssetsGrain")]
public interface ITitleAssetsGrain : INetflixGrain
{
    /// <summary>Replaces the index with <paramref name="assets"/> (publishing again replaces, never appends).</summary>
    [Alias("Publish"), TrustedTierOnly]
    Task Publish(TitleAssets assets);

    [Alias("Get")]
    Task<TitleAssets?> Get();

    /// <summary>Just the master playlist's path (null when nothing is published): what steering needs on every play, without the file list.</summary>
    [Alias("MasterPlaylist")]
    Task<string?> MasterPlaylist();
}
