using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Judges a <see cref="SourceScan"/>: is the file whole (not cut short, readable all the way through), and do
/// its audio and picture cover the same time? Each problem becomes a rejection a studio can act on.
/// </summary>
public static partial class SourceIntegrity
{
    /// <summary>What a demuxer logs when the file ends before the data its container promised.</summary>
    private static readonly string[] CutShortMarks = ["partial file", "File ended prematurely", "Truncating packet", "moov atom not found", "End of file"];

    /// <summary>
    /// Whether the file is whole: cut short (a truncation error, or media ending before the container's
    /// <paramref name="duration"/>) or unreadable in the middle (any other error). <paramref name="what"/> names the file in the reasons.
    /// </summary>
    public static SourceRejection? Wholeness(SourceScan scan, TimeSpan duration, SourceValidationOptions options, string what = "the file")
    {
        var promised = duration.TotalSeconds;
        var shortfall = promised - scan.End;
        var cutMark = scan.Errors.FirstOrDefault(e => CutShortMarks.Any(m => e.Contains(m, StringComparison.OrdinalIgnoreCase)));
        if (cutMark is not null || (promised > 0 && shortfall > options.TruncationTolerance.TotalSeconds))
        {
            var where = shortfall > options.TruncationTolerance.TotalSeconds
                ? $"its container says {S(promised)} but its media ends at {S(scan.End)}"
                : "it ends in the middle of its data";
            var said = cutMark is null ? "" : $" (ffmpeg: {Clean(cutMark)})";
            return new(SourceProblem.Truncated, $"{what} is cut short: {where}{said}; deliver the complete file");
        }
        if (scan.ErrorCount > 0)
        {
            var stops = StoppedStream(scan, promised, options);
            return new(SourceProblem.Corrupt,
                $"{what} is unreadable in places: {scan.ErrorCount} read error(s){stops}, first: {Clean(scan.Errors[0])}; re-export it or deliver it again");
        }
        return null;
    }

    /// <summary>
    /// Whether audio and picture line up: the audio may start later, end earlier or differ in length from the
    /// picture by at most <see cref="Tolerance"/>. <paramref name="audioName"/> names a separate audio file.
    /// </summary>
    public static SourceRejection? AudioAgainstPicture(StreamSpan picture, StreamSpan audio, SourceValidationOptions options, string? audioName = null)
    {
        var tolerance = Tolerance(picture.Length, options);
        var the = audioName is null ? "the audio" : $"the audio {audioName}";
        var allowed = $"(at most {S(tolerance)} allowed)";
        var late = audio.Start - picture.Start;
        var early = picture.End - audio.End;
        if (late > tolerance)
            return new(SourceProblem.AudioStartsLate, $"{the} starts {S(late)} after the picture {allowed}; deliver audio that starts with the picture");
        if (early > tolerance)
            return new(SourceProblem.AudioEndsEarly, $"{the} ends {S(early)} before the picture ({S(audio.End)} of {S(picture.End)}) {allowed}; deliver audio as long as the picture");
        var difference = audio.Length - picture.Length;
        if (Math.Abs(difference) > tolerance)
            return new(SourceProblem.AudioVideoLengths,
                $"{the} is {S(audio.Length)} long and the picture {S(picture.Length)} {allowed}; deliver audio and picture of the same length");
        return null;
    }

    /// <summary>
    /// Frames missing from the picture: a gap between packet timestamps over <see cref="SourceValidationOptions.MaxFrameGap"/>
    /// frame durations, the typical step between frames being the duration (not 1/average rate: a hole drags the average down).
    /// </summary>
    public static SourceRejection? MissingFrames(IReadOnlyList<double> packetTimes, double frameRate, SourceValidationOptions options)
    {
        var times = packetTimes.Where(double.IsFinite).Order().ToArray();
        var steps = times.Zip(times.Skip(1), (a, b) => b - a).Where(d => d > 0).Order().ToArray();
        var frameDuration = steps.Length > 0 ? steps[steps.Length / 2] : 1 / frameRate;
        var gaps = times.Zip(times.Skip(1), (a, b) => (Start: a, Length: b - a)).Where(g => g.Length > options.MaxFrameGap * frameDuration).ToArray();
        if (gaps.Length == 0) return null;
        var missing = gaps.Sum(g => (int)Math.Round(g.Length / frameDuration) - 1);
        return new(SourceProblem.MissingFrames,
            $"{gaps.Length} timestamp gap(s), about {missing} frame(s) missing; first after {S(gaps[0].Start)} ({S(gaps[0].Length)} gap)");
    }

    /// <summary>How far audio and picture may disagree: <see cref="SourceValidationOptions.MaxAudioMismatch"/>, or a share of a long picture.</summary>
    public static double Tolerance(double pictureSeconds, SourceValidationOptions options) =>
        Math.Max(options.MaxAudioMismatch.TotalSeconds, options.MaxAudioMismatchShare * pictureSeconds);

    /// <summary>", the video stops at 4.02 s of 10.02 s" when garbage ended one stream early while the file went on.</summary>
    private static string StoppedStream(SourceScan scan, double promised, SourceValidationOptions options)
    {
        foreach (var (name, span) in new[] { ("video", scan.Video), ("audio", scan.Audio) })
        {
            if (span is not null && scan.End - span.End > options.TruncationTolerance.TotalSeconds)
                return $", the {name} stops at {S(span.End)} of {S(Math.Max(promised, scan.End))}";
        }
        return "";
    }

    /// <summary>An ffmpeg log line without the context's address ("[h264 @ 0x55…]" becomes "[h264]").</summary>
    public static string Clean(string line) => Address().Replace(line.Trim(), "]");

    [GeneratedRegex(@" @ 0x[0-9a-fA-F]+\]")]
    private static partial Regex Address();

    private static string S(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.##} s");
}
