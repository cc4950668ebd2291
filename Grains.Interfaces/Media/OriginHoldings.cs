using Orleans.Concurrency;
using Orleans.Netflix.Common;

namespace Orleans.Netflix.Media;

public enum MediaCopyState
{
    /// <summary>Files are being copied in from another region; none is served until all are checked.</summary>
    Copying,
    /// <summary>Every file is in this region's origin storage and matched its SHA-256.</summary>
    Complete,
    /// <summary>The last copy failed (the error says why); it is tried again later.</summary>
    Failed,
}

/// <summary>
/// What one region's origin storage holds of a title: which published job, whether all of it, copied from
/// where (null: published in this region by its own ingest), and how far a copy has come.
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.OriginHolding")]
public sealed record OriginHolding(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string JobId,
    [property: Id(2)] MediaCopyState State,
    [property: Id(3)] string? CopiedFrom,
    [property: Id(4)] int Files,
    [property: Id(5)] int FilesTotal,
    [property: Id(6)] long Bytes,
    [property: Id(7)] long BytesTotal,
    [property: Id(8)] DateTimeOffset StartedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] string? Error = null);

public enum RegionMediaStatus
{
    /// <summary>The region holds every file of the title's current media: it can be played there.</summary>
    Playable,
    /// <summary>A copy of the current media is under way.</summary>
    Copying,
    /// <summary>The region holds none of the current media yet (or only an earlier publish of it).</summary>
    Waiting,
    /// <summary>The last copy failed; it will be tried again.</summary>
    Failed,
}

/// <summary>Where a title's current media stands in one region.</summary>
[GenerateSerializer, Immutable, Alias("netflix.RegionMedia")]
public sealed record RegionMedia(
    [property: Id(0)] string Region,
    [property: Id(1)] RegionMediaStatus Status,
    [property: Id(2)] OriginHolding? Holding);

/// <summary>
/// What one region's origin storage holds (key: the region's name). Kept in replicated storage, so every region
/// can tell where a title is playable; written only by its own region (its ingest publishing, its copier copying).
/// </summary>
[Alias("netflix.IOriginHoldingsGrain")]
public interface IOriginHoldingsGrain : INetflixGrain
{
    [ReadOnly, Alias("Get")]
    Task<OriginHolding?> Get(string titleId);

    [ReadOnly, Alias("All")]
    Task<OriginHolding[]> All();

    /// <summary>Records what the region holds of a title; an update older than the one stored is ignored. Refused outside the key's region.</summary>
    [Alias("Record"), TrustedTierOnly]
    Task Record(OriginHolding holding);
}

public static class RegionMediaText
{
    /// <summary>"playable", "copying 12 of 40 files (31 %)", "waiting for a copy", "copy failed: …".</summary>
    public static string Describe(this RegionMedia media) => media.Status switch
    {
        RegionMediaStatus.Playable => media.Holding?.CopiedFrom is { } from ? $"playable (copied from {from})" : "playable",
        RegionMediaStatus.Copying when media.Holding is { } h =>
            $"copying {h.Files} of {h.FilesTotal} files ({(h.BytesTotal == 0 ? 0 : 100.0 * h.Bytes / h.BytesTotal):0} % of {h.BytesTotal / 1e6:0.0} MB) from {h.CopiedFrom}",
        RegionMediaStatus.Failed => $"copy failed, to be tried again: {media.Holding?.Error}",
        _ => "waiting for a copy",
    };
}
