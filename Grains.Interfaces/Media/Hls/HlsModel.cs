namespace Orleans.Netflix.Media.Hls;

/// <summary>One EXT-X-STREAM-INF: a video rendition and the audio group it plays with.</summary>
public sealed record HlsVariant(string Uri, long Bandwidth, int Width, int Height, string? AudioGroup);

/// <summary>One EXT-X-MEDIA TYPE=AUDIO entry.</summary>
public sealed record HlsAudio(string GroupId, string Language, string Uri, bool IsDefault);

/// <summary>A multivariant (master) playlist as a player reads it: its variants and audio renditions, URIs as written.</summary>
public sealed record HlsMaster(IReadOnlyList<HlsVariant> Variants, IReadOnlyList<HlsAudio> Audio);

/// <summary>One media segment and its EXTINF duration.</summary>
public sealed record HlsSegment(string Uri, double Seconds);

/// <summary>A media playlist: its EXT-X-MAP (the fMP4 init segment), segments, EXT-X-TARGETDURATION and whether it ends (EXT-X-ENDLIST).</summary>
public sealed record HlsMedia(string? InitUri, IReadOnlyList<HlsSegment> Segments, bool Ended, int TargetDuration = 0);
