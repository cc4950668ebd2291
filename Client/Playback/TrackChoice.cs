using Orleans.Netflix.Client.Playback.Abr;

namespace Orleans.Netflix.Client.Playback;

/// <summary>One segment as picked: its rendition (an index into the title's tracks) and the files to fetch for it, in order.</summary>
public sealed record SegmentPick(int Segment, int Rendition, IReadOnlyList<string> Files);

/// <summary>
/// Each segment's rendition as the ABR rule picks it from the playout, with the audio the master playlist pairs with that
/// rendition: the video segment and the audio segment, each after its init segment when the track changed since the last
/// one fetched (a switch between renditions of one audio group keeps the audio's init).
/// </summary>
public sealed class TrackChoice(TitleTracks tracks, AbrPlayout playout)
{
    private string? _videoInit;
    private string? _audioInit;

    public SegmentPick Choose(int segment)
    {
        var rendition = playout.Choose(segment);
        var files = new List<string>(4);
        var video = tracks.Video[rendition];
        if (video.InitPath is { } init && _videoInit != init) files.Add(_videoInit = init);
        files.Add(video.Segments[segment].Path);
        if (tracks.Audio[rendition] is { } audio)
        {
            if (audio.InitPath is { } audioInit && _audioInit != audioInit) files.Add(_audioInit = audioInit);
            if (segment < audio.Segments.Count) files.Add(audio.Segments[segment].Path);
        }
        return new SegmentPick(segment, rendition, files);
    }
}
