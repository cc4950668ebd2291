namespace Orleans.Netflix.Grains.Common;

/// <summary>
/// The grain storage provider every grain writes to (in-memory or ADO.NET, chosen by the silo), and
/// the state names under it. ADO.NET keys rows by state name and grain key, so each name is unique.
/// </summary>
public static class StorageNames
{
    public const string Store = "netflix";

    /// <summary>
    /// State that every region holds a copy of: member data (profile, plan, history, resume points, sign-in and the email
    /// index; playback sessions) and the catalog (titles, each region's catalog shard, media indexes, what each region's origin holds).
    /// </summary>
    public const string ReplicatedStore = "netflix-replicated";
    public const string MemberState = "member";
    /// <summary>The email index (<c>IMemberEmailGrain</c>): which member holds each sign-in email; replicated with the members.</summary>
    public const string MemberEmailState = "member-email";
    public const string TitleState = "title";
    public const string CatalogShardState = "catalog-shard";
    public const string TitleAssetsState = "title-assets";
    public const string OriginHoldingsState = "origin-holdings";
    public const string IngestJobState = "ingest-job";
    public const string ChunkEncodeState = "chunk-encode";
    public const string PlaybackSessionState = "playback-session";
    public const string RegionControlState = "region-control";
    public const string ArtworkState = "artwork";
}
