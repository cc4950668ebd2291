using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Playback;

/// <summary>
/// Which audio and subtitles a play gets. Audio: the requested language, else the member's, else the
/// title's default track. Subtitles: as requested ("off" for none); by default on in the member's
/// language when the audio is in another one, else off. Languages match on their primary subtag too,
/// so a "pt-BR" member gets "pt" audio.
/// </summary>
public static class TrackSelection
{
    public const string Off = "off";

    public static string Audio(AudioTrack[] tracks, string? requested, string memberLanguage)
    {
        if (tracks.Length == 0) return "";
        return Match(tracks.Select(t => t.Language), requested)
            ?? Match(tracks.Select(t => t.Language), memberLanguage)
            ?? (tracks.FirstOrDefault(t => t.IsDefault) ?? tracks[0]).Language;
    }

    public static string? Subtitles(SubtitleTrack[] tracks, string? requested, string memberLanguage, string audioLanguage)
    {
        if (string.Equals(requested, Off, StringComparison.OrdinalIgnoreCase)) return null;
        var languages = tracks.Select(t => t.Language).ToArray();
        if (requested is not null) return Match(languages, requested);
        return SameLanguage(audioLanguage, memberLanguage) ? null : Match(languages, memberLanguage);
    }

    private static string? Match(IEnumerable<string> languages, string? wanted)
    {
        if (string.IsNullOrWhiteSpace(wanted)) return null;
        var list = languages.ToArray();
        return list.FirstOrDefault(l => string.Equals(l, wanted, StringComparison.OrdinalIgnoreCase))
            ?? list.FirstOrDefault(l => SameLanguage(l, wanted));
    }

    private static bool SameLanguage(string a, string b) =>
        string.Equals(Primary(a), Primary(b), StringComparison.OrdinalIgnoreCase);

    private static string Primary(string tag) => tag.Split('-', 2)[0];
}
