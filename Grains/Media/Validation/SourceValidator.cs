using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Checks a studio source: ffprobe for what it holds and its container's sizes against the file's
/// (<see cref="ProbeAsync"/>), then one read of every packet without decoding the picture for a file cut short,
/// unreadable in places, frames missing, or audio that does not cover the picture (<see cref="CheckIntegrityAsync"/>):
/// both before anything is encoded. Then one full decode of the video through ffmpeg's blackdetect and
/// freezedetect filters, whose log also shows decode errors (<see cref="CheckContentAsync"/>, which an ingest job
/// runs while its first chunks encode). Every problem found is reported, not just the first.
/// </summary>
public sealed partial class SourceValidator
{
    /// <summary>
    /// Every check: what <see cref="ProbeAsync"/> finds, then, unless it found the file unusable, the integrity
    /// scan (<see cref="CheckIntegrityAsync"/>) and, unless that found the file damaged, the content checks.
    /// </summary>
    public async Task<SourceReport> ValidateAsync(string path, SourceValidationOptions options, CancellationToken cancellationToken,
        IReadOnlyList<TrackInput>? audioFiles = null)
    {
        var report = await ProbeAsync(path, options, cancellationToken);
        if (report.Info is not { } info || report.Rejections.Any(r => r.Problem != SourceProblem.NoAudio)) return report;
        var damaged = await CheckIntegrityAsync(path, info, audioFiles ?? [], options, cancellationToken);
        if (damaged.Length > 0) return report with { Rejections = [.. report.Rejections, .. damaged] };
        return report with { Rejections = [.. report.Rejections, .. await CheckContentAsync(path, info, options, threads: 0, cancellationToken)] };
    }

    /// <summary>
    /// The integrity scan, which an ingest job runs before any encode: the source read once without decoding its
    /// picture (<see cref="SourceScan"/>), for a file cut short or unreadable in places, and for audio that starts
    /// late, ends early or differs in length from the picture; each separate audio file (<paramref name="audioFiles"/>,
    /// which then stand in for the source's own audio) the same way.
    /// </summary>
    public async Task<SourceRejection[]> CheckIntegrityAsync(string path, SourceInfo info, IReadOnlyList<TrackInput> audioFiles,
        SourceValidationOptions options, CancellationToken cancellationToken)
    {
        var source = await ScanAsync(path, info.VideoCodec, info.Duration, options, "the file", cancellationToken);
        if (source.Rejection is { } damaged) return [damaged];
        if (source.Scan.Video is not { } picture) return [new(SourceProblem.Corrupt, "not one video packet could be read; re-export it or deliver it again")];

        var rejections = new List<SourceRejection>();
        if (SourceIntegrity.MissingFrames(source.Scan.VideoTimes, info.FrameRate, options) is { } gaps) rejections.Add(gaps);
        if (audioFiles.Count == 0)
        {
            if (source.Scan.Audio is { } audio && SourceIntegrity.AudioAgainstPicture(picture, audio, options) is { } mismatch) rejections.Add(mismatch);
            return [.. rejections];
        }
        foreach (var track in audioFiles)
        {
            var name = $"for '{track.Language}' ({Path.GetFileName(track.Path)})";
            var duration = (await FFProbe.AnalyseAsync(track.Path, cancellationToken: cancellationToken)).Duration;
            var file = await ScanAsync(track.Path, videoCodec: null, duration, options, $"the audio {name}", cancellationToken);
            if (file.Rejection is { } bad) rejections.Add(bad);
            else if (file.Scan.Audio is { } audio && SourceIntegrity.AudioAgainstPicture(picture, audio, options, name) is { } mismatch) rejections.Add(mismatch);
        }
        return [.. rejections];
    }

    /// <summary>Scans <paramref name="path"/>: its picture too when <paramref name="videoCodec"/> is given.</summary>
    private static async Task<(SourceScan Scan, SourceRejection? Rejection)> ScanAsync(string path, string? videoCodec, TimeSpan duration,
        SourceValidationOptions options, string what, CancellationToken cancellationToken)
    {
        try
        {
            var scan = await SourceScan.RunAsync(path, videoCodec, options.Timeout, cancellationToken);
            return (scan, SourceIntegrity.Wholeness(scan, duration, options, what));
        }
        catch (TimeoutException)
        {
            return (new SourceScan(null, null, [], [], 0), new(SourceProblem.DecodeErrors, $"reading {what} did not finish within {Seconds(options.Timeout)}"));
        }
    }

    /// <summary>
    /// The quick checks, from ffprobe alone (well under a second): is it there, is it media, with video,
    /// audio if required, and duration, size and frame rate within bounds.
    /// </summary>
    public async Task<SourceReport> ProbeAsync(string path, SourceValidationOptions options, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists) return Reject(SourceProblem.Missing, $"no file at {path}");
        if (file.Length == 0) return Reject(SourceProblem.Empty, "the file is 0 bytes");
        try
        {
            if (ContainerSize.Shortfall(path) is { } cut) return Reject(SourceProblem.Truncated, $"the file is cut short: {cut}; deliver the complete file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Reject(SourceProblem.NotReadable, $"the file cannot be read: {e.Message}");
        }

        IMediaAnalysis probe;
        try
        {
            probe = await FFProbe.AnalyseAsync(path, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is FFProbeException or FormatException or System.Text.Json.JsonException or FFMpegException)
        {
            // An MP4 writes its index (the moov box) last: a file cut short before it has media but no index.
            if (e.Message.Contains("moov atom not found", StringComparison.Ordinal) && ContainerSize.LooksLikeMp4(path))
                return Reject(SourceProblem.Truncated, "the file is cut short: its MP4 index (the moov box, written at the end) is missing; deliver the complete file");
            return Reject(SourceProblem.NotReadable, $"ffprobe cannot read it as media: {FirstLine(e.Message)}");
        }

        var video = probe.PrimaryVideoStream;
        if (video is null)
        {
            return new SourceReport(null, [new(SourceProblem.NoVideo, $"no video stream ({probe.AudioStreams.Count} audio stream(s))")]);
        }

        var duration = probe.Duration > TimeSpan.Zero ? probe.Duration : video.Duration;
        var frameRate = video.AverageFrameRate > 0 ? video.AverageFrameRate : video.RealFrameRate;
        var info = new SourceInfo(duration, video.Width ?? 0, video.Height ?? 0, Math.Round(frameRate, 3), video.CodecName ?? "unknown", probe.AudioStreams.Count);
        var rejections = new List<SourceRejection>();
        CheckBounds(info, options, rejections);
        return new SourceReport(info, [.. rejections]);
    }

    /// <summary>
    /// The content checks, which decode every frame: one full decode through blackdetect and freezedetect,
    /// whose log also shows decode errors. With a
    /// <paramref name="split"/>, that same decode also writes the chunks' raw frames for their renditions
    /// (see <see cref="SequentialSourceDecode"/>). <paramref name="threads"/> 0 lets ffmpeg choose.
    /// </summary>
    public async Task<SourceRejection[]> CheckContentAsync(string path, SourceInfo info, SourceValidationOptions options, int threads,
        CancellationToken cancellationToken, FrameSplit? split = null)
    {
        var rejections = new List<SourceRejection>();
        try
        {
            // Its own time limit: a decode that is paused while its chunks wait to be encoded is not late.
            await DecodeAsync(path, info.VideoCodec, options, threads, split, rejections, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            rejections.Add(new(SourceProblem.DecodeErrors, $"decoding did not finish within {Seconds(options.Timeout)}"));
        }
        finally
        {
            if (split is not null)
            {
                foreach (var frames in split.Frames) frames.Missing(new InvalidOperationException("the source's sequential decode did not run"));
            }
        }
        return [.. rejections];
    }

    private static void CheckBounds(SourceInfo info, SourceValidationOptions options, List<SourceRejection> rejections)
    {
        if (options.RequireAudio && info.AudioStreams == 0) rejections.Add(new(SourceProblem.NoAudio, "the source has no audio stream"));
        if (info.Duration <= TimeSpan.Zero || info.Duration < options.MinDuration)
            rejections.Add(new(SourceProblem.TooShort, $"{Seconds(info.Duration)} long, at least {Seconds(options.MinDuration)} needed"));
        if (info.Duration > options.MaxDuration)
            rejections.Add(new(SourceProblem.TooLong, $"{Seconds(info.Duration)} long, at most {Seconds(options.MaxDuration)} allowed"));
        if (info.Width < options.MinWidth || info.Height < options.MinHeight || info.Width > options.MaxWidth || info.Height > options.MaxHeight)
            rejections.Add(new(SourceProblem.ResolutionOutOfBounds,
                $"{info.Width}x{info.Height} is outside {options.MinWidth}x{options.MinHeight} to {options.MaxWidth}x{options.MaxHeight}"));
        if (!double.IsFinite(info.FrameRate) || info.FrameRate < options.MinFrameRate || info.FrameRate > options.MaxFrameRate)
            rejections.Add(new(SourceProblem.FrameRateOutOfBounds,
                $"{info.FrameRate.ToString("0.###", CultureInfo.InvariantCulture)} fps is outside {options.MinFrameRate} to {options.MaxFrameRate} fps"));
    }

    private static async Task DecodeAsync(string path, string codec, SourceValidationOptions options, int threads, FrameSplit? split,
        List<SourceRejection> rejections, CancellationToken cancellationToken)
    {
        var black = new List<string>();
        var frozen = new List<string>();
        var errors = new List<string>();
        // blackdetect reads a quarter of each side (every 4th pixel of every 4th line, no interpolation, so
        // pixel values keep their range): the share of black pixels is the same to within sampling, at a
        // third of the check's CPU on 720p. freezedetect keeps the whole picture, where a small motion shows.
        var filters = $"freezedetect=n=-60dB:d={MediaProbe.Arg(options.MaxFrozen)},"
            + $"scale=w='max(2,trunc(iw/8)*2)':h='max(2,trunc(ih/8)*2)':flags=neighbor,blackdetect=d={MediaProbe.Arg(options.MaxBlack)}:pix_th=0.10";
        var gate = new object();
        var decoded = await SequentialSourceDecode.RunAsync(path, filters, threads, split, line =>
        {
            lock (gate)
            {
                if (BlackLine().Match(line) is { Success: true } b) black.Add(b.Groups["d"].Value);
                else if (line.Contains("freeze_start", StringComparison.Ordinal)) frozen.Add(line[(line.LastIndexOf(':') + 1)..].Trim());
                else if (MediaProbe.IsDecodeError(line, codec)) errors.Add(line.Trim());
            }
        }, options.Timeout, cancellationToken);

        lock (gate)
        {
            if (black.Count > 0)
                rejections.Add(new(SourceProblem.BlackStretch, $"{black.Count} black stretch(es) of at least {Seconds(options.MaxBlack)}, the longest {black.Max(d => double.Parse(d, CultureInfo.InvariantCulture)):0.##} s"));
            if (frozen.Count > 0)
                rejections.Add(new(SourceProblem.FrozenStretch, $"{frozen.Count} frozen stretch(es) of at least {Seconds(options.MaxFrozen)}, the first from {frozen[0]} s"));
            if (errors.Count > 0 || !decoded)
                rejections.Add(new(SourceProblem.DecodeErrors, errors.Count > 0 ? $"{errors.Count} decode error(s), first: {errors[0]}" : "ffmpeg could not decode the video to its end"));
        }
    }

    [GeneratedRegex(@"black_duration:(?<d>[0-9.]+)")]
    private static partial Regex BlackLine();

    private static SourceReport Reject(SourceProblem problem, string detail) => new(null, [new(problem, detail)]);

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.##} s");

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? text;
}
