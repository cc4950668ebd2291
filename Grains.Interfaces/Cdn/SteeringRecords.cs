namespace Orleans.Netflix.Cdn;

/// <summary>
/// A play asking where to stream from: the title, the session, where the client is, and the tallest video
/// rendition it may get (0: any), which the signed URLs then enforce at the edge.
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.SteeringRequest")]
public sealed record SteeringRequest(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string ClientRegion,
    [property: Id(3)] string ClientLocation,
    [property: Id(4)] int MaxVideoHeight = 0);

/// <summary>Why an edge got its rank: how near it is to the client.</summary>
public enum EdgeProximity
{
    SameSite,
    SameRegion,
    Elsewhere,
}

/// <summary>One steered edge: a signed, expiring master playlist URL on it.</summary>
[GenerateSerializer, Immutable, Alias("netflix.SteeredEdge")]
public sealed record SteeredEdge(
    [property: Id(0)] string EdgeId,
    [property: Id(1)] string Location,
    [property: Id(2)] EdgeProximity Proximity,
    [property: Id(3)] bool HoldsTitle,
    [property: Id(4)] string MasterPlaylistUrl);

[GenerateSerializer, Immutable, Alias("netflix.SteeringResult")]
public sealed record SteeringResult(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] SteeredEdge[] Edges);

/// <summary>
/// Where a title's artwork stills can be fetched: the signed URL of its <c>artwork/</c> folder on each ranked edge, best
/// first (append a still's file name). The token covers that folder only, never the title's video.
/// </summary>
[GenerateSerializer, Immutable, Alias("netflix.ArtworkLinks")]
public sealed record ArtworkLinks(
    [property: Id(0)] string TitleId,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] string[] FolderUrls);
