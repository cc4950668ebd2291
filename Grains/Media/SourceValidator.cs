using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Checks a studio source: ffprobe for what it holds (<see cref="ProbeAsync"/>, before anything is
/// encoded), then its packet timestamps for missing frames and one full decode of the video through
/// ffmpeg's blackdetect and freezedetect filters, whose log also shows decode errors
/// (<see cref="CheckContentAsync"/>, which an ingest job runs while its first chunks encode). Every
/// problem found is reported, not just the first.
/// </summary>
public sealed partial class SourceValidator
{
    /// <summary>Every check: what <see cref="ProbeAsync"/> finds, then, unless it found the file unusable, the content checks.</summary>
    public async Task<SourceReport> ValidateAsync(string path, SourceValidationOptions options, CancellationToken cancellationToken)
    {
        var report = await ProbeAsync(path, options, cancellationToken);
        if (report.Info is not { } info || report.Rejections.Any(r => r.Problem != SourceProblem.NoAudio)) return report;
        return report with { Rejections = [.. report.Rejections, .. await CheckContentAsync(path, info, options, threads: 0, cancellationToken)] };
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

        IMediaAnalysis probe;
        try
        {
            probe = await FFProbe.AnalyseAsync(path, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is FFProbeException or FormatException or System.Text.Json.JsonException or FFMpegException)
        {
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
    /// The content checks, which read every frame: packet timestamps for missing frames, then one full
    /// decode through blackdetect and freezedetect, whose log also shows decode errors. With a
    /// <paramref name="split"/>, that same decode also writes the chunks' raw frames for their renditions
    /// (see <see cref="SequentialSourceDecode"/>). <paramref name="threads"/> 0 lets ffmpeg choose.
    /// </summary>
    public async Task<SourceRejection[]> CheckContentAsync(string path, SourceInfo info, SourceValidationOptions options, int threads,
        CancellationToken cancellationToken, FrameSplit? split = null)
    {
        var rejections = new List<SourceRejection>();
        try
        {
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(options.Timeout);
                await CheckFrameTimestampsAsync(path, info.FrameRate, options, rejections, deadline.Token);
            }
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

    private static async Task CheckFrameTimestampsAsync(string path, double frameRate, SourceValidationOptions options, List<SourceRejection> rejections, CancellationToken cancellationToken)
    {
        var times = (await MediaProbe.VideoPacketsAsync(path, cancellationToken))
            .Select(p => MediaProbe.PacketSeconds(p.PtsTime))
            .Where(double.IsFinite)
            .Order()
            .ToArray();
        // The typical step between frames, not 1/average rate: a hole in the timestamps drags the average down.
        var steps = times.Zip(times.Skip(1), (a, b) => b - a).Where(d => d > 0).Order().ToArray();
        var frameDuration = steps.Length > 0 ? steps[steps.Length / 2] : 1 / frameRate;
        var gaps = times.Zip(times.Skip(1), (a, b) => (Start: a, Length: b - a)).Where(g => g.Length > options.MaxFrameGap * frameDuration).ToArray();
        if (gaps.Length == 0) return;
        var missing = gaps.Sum(g => (int)Math.Round(g.Length / frameDuration) - 1);
        rejections.Add(new(SourceProblem.MissingFrames,
            $"{gaps.Length} timestamp gap(s), about {missing} frame(s) missing; first after {Seconds(TimeSpan.FromSeconds(gaps[0].Start))} ({Seconds(TimeSpan.FromSeconds(gaps[0].Length))} gap)"));
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
