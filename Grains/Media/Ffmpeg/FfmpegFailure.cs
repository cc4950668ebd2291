namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// An ffmpeg run that failed, as a member of staff reads it: <see cref="Exception.Message"/> is one short line
/// saying what went wrong (<see cref="Describe"/>), <see cref="Log"/> is ffmpeg's own log for the job's log file.
/// </summary>
public sealed class FfmpegFailure(string message, string log) : Exception(message)
{
    public string Log { get; } = log;

    /// <summary>A failure of <paramref name="step"/> ("encoding chunk 3 360p"), its reason read from <paramref name="log"/>.</summary>
    public static FfmpegFailure Of(string step, IEnumerable<string> log)
    {
        var lines = log.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).ToArray();
        return new FfmpegFailure($"{step}: {Describe(lines)}", string.Join('\n', lines));
    }

    /// <summary>
    /// What ffmpeg's log means, in a few words: the first line that matches a known cause, else ffmpeg's last
    /// error-looking line, shortened. Causes are checked in order, most specific first.
    /// </summary>
    public static string Describe(IReadOnlyList<string> log)
    {
        foreach (var (mark, reason) in Causes)
        {
            var line = log.FirstOrDefault(l => l.Contains(mark, StringComparison.OrdinalIgnoreCase));
            if (line is not null) return reason(line);
        }
        var last = log.LastOrDefault(l => !l.StartsWith("Conversion failed", StringComparison.Ordinal) && !l.StartsWith("frame=", StringComparison.Ordinal))
            ?? "no output";
        return $"ffmpeg failed: {Shorten(SourceIntegrity.Clean(last))}";
    }

    private static readonly (string Mark, Func<string, string> Reason)[] Causes =
    [
        ("No space left on device", _ => "the disk is full (no space left on device)"),
        ("Cannot allocate memory", _ => "out of memory"),
        ("Permission denied", l => $"permission denied: {Shorten(SourceIntegrity.Clean(l))}"),
        ("No such file or directory", l => $"a file is missing: {Shorten(SourceIntegrity.Clean(l))}"),
        ("moov atom not found", _ => "the source is cut short (its MP4 index is missing)"),
        ("partial file", _ => "the source is cut short"),
        ("File ended prematurely", _ => "the source is cut short"),
        ("Invalid NAL unit size", _ => "the source's video is corrupt (invalid NAL units)"),
        ("error while decoding", _ => "the source's video has frames that do not decode"),
        ("Invalid data found when processing input", _ => "the input is not readable media"),
        ("Unknown encoder", l => $"this ffmpeg lacks an encoder: {Shorten(SourceIntegrity.Clean(l))}"),
        ("Error initializing output stream", l => $"the encoder refused its settings: {Shorten(SourceIntegrity.Clean(l))}"),
        ("Invalid argument", l => $"ffmpeg refused an argument: {Shorten(SourceIntegrity.Clean(l))}"),
    ];

    private static string Shorten(string line) => line.Length <= 160 ? line : line[..157] + "...";
}
