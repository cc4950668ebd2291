namespace Orleans.Netflix.Media;

/// <summary>One video rendition as packaged: its media playlist and what the master playlist says about it.</summary>
[GenerateSerializer, Immutable, Alias("netflix.VideoTrack")]
public sealed record VideoTrack(
    [property: Id(0)] Rendition Rendition,
    [property: Id(1)] string Playlist,
    [property: Id(2)] long PeakBitsPerSecond,
    [property: Id(3)] long AverageBitsPerSecond,
    [property: Id(4)] string Codecs,
    [property: Id(5)] double FrameRate);

/// <summary>One audio language at one bitrate (an EXT-X-MEDIA TYPE=AUDIO entry in group <see cref="GroupId"/>).</summary>
[GenerateSerializer, Immutable, Alias("netflix.AudioTrack")]
public sealed record AudioTrack(
    [property: Id(0)] string Language,
    [property: Id(1)] int Kbps,
    [property: Id(2)] string Playlist,
    [property: Id(3)] string Codecs,
    [property: Id(4)] bool IsDefault)
{
    public string GroupId => $"audio-{Kbps}k";
}

/// <summary>One subtitle language, WebVTT.</summary>
[GenerateSerializer, Immutable, Alias("netflix.SubtitleTrack")]
public sealed record SubtitleTrack(
    [property: Id(0)] string Language,
    [property: Id(1)] string Playlist,
    [property: Id(2)] bool IsDefault);
