using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>What a request must be before a job takes it: absolute paths ffmpeg can be handed, and language tags, each audio language once.</summary>
public static class IngestRequestChecks
{
    /// <summary>Throws <see cref="ArgumentException"/> with one line naming the first problem.</summary>
    public static void Check(IngestRequest request)
    {
        foreach (var path in new[] { request.SourcePath }.Concat(request.Audio.Select(a => a.Path)).Concat(request.Subtitles.Select(s => s.Path)))
        {
            if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path)) throw new ArgumentException($"'{path}' is not an absolute path");
            // ffmpeg gets some paths inside a quoted command line (FFMpegCore), where a double quote ends the path.
            if (MediaPaths.Unusable(path) is { } why) throw new ArgumentException($"{path}: {why}; rename it");
        }
        foreach (var track in request.Audio.Concat(request.Subtitles))
        {
            if (string.IsNullOrWhiteSpace(track.Language) || track.Language.Length > 35 || !track.Language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                throw new ArgumentException($"'{track.Language}' is not a language tag such as en or pt-BR");
        }
        if (request.Audio.Select(a => a.Language).Distinct(StringComparer.OrdinalIgnoreCase).Count() != request.Audio.Length)
            throw new ArgumentException("an audio language is given twice");
    }
}
