using FFMpegCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Whether a job's source (with its audio and subtitle files) is taken: the checks of <see cref="SourceValidator"/> in
/// the order ingest runs them, under the configured rules. Plain work on files: callers run it off a grain's turn.
/// </summary>
public sealed class SourceAdmission(SourceValidator validator, IOptions<SourceValidationOptions> validation, IOptions<EncodingOptions> encoding,
    IHostApplicationLifetime lifetime)
{
    /// <summary>Cancelled when the silo stops: a content check stopped by it runs again where the job comes back.</summary>
    public CancellationToken SiloStopping => lifetime.ApplicationStopping;

    /// <summary>
    /// The quick checks (ffprobe), the integrity scan (the whole file read once, no picture decoded: cut short,
    /// unreadable in places, audio against picture), all before any encode. A source that fails only for missing audio
    /// or subtitles gets the content checks too, so its rejection lists every problem; one that passes has its content
    /// checked later, beside its first chunk encodes (<see cref="CheckContentAsync"/>). The source is null when it
    /// could not be probed.
    /// </summary>
    public async Task<(SourceInfo? Source, List<SourceRejection> Rejections)> CheckBeforeEncodingAsync(IngestRequest request)
    {
        var rules = RulesFor(request);
        var report = await validator.ProbeAsync(request.SourcePath, rules, CancellationToken.None);
        var rejections = report.Rejections.ToList();
        var readableAudio = new List<TrackInput>();
        foreach (var audio in request.Audio)
        {
            var probe = await TryProbe(audio.Path);
            if (probe?.PrimaryAudioStream is null) rejections.Add(new(SourceProblem.NoAudio, $"audio for '{audio.Language}' ({Path.GetFileName(audio.Path)}) holds no readable audio"));
            else readableAudio.Add(audio);
        }
        foreach (var subtitles in request.Subtitles)
        {
            var probe = await TryProbe(subtitles.Path);
            if (probe is null || probe.SubtitleStreams.Count == 0)
                rejections.Add(new(SourceProblem.BadSubtitles, $"subtitles for '{subtitles.Language}' ({Path.GetFileName(subtitles.Path)}) are not SRT or WebVTT"));
        }
        if (report.Info is { } probed && rejections.All(r => r.Problem is SourceProblem.NoAudio or SourceProblem.BadSubtitles))
        {
            var damaged = await validator.CheckIntegrityAsync(request.SourcePath, probed, readableAudio, rules, CancellationToken.None);
            rejections.AddRange(damaged);
            if (damaged.Length == 0 && rejections.Count > 0)
                rejections.AddRange(await validator.CheckContentAsync(request.SourcePath, probed, rules, threads: 0, CancellationToken.None));
        }
        return (report.Info, rejections);
    }

    /// <summary>
    /// The content checks (every frame decoded: black or frozen stretches, decode errors), beside the chunk encodes, on
    /// as many threads as one encode; with a <paramref name="split"/> the same decode writes those chunks' frames.
    /// Cancelled when the silo stops (the decode may be paused, waiting for room).
    /// </summary>
    public Task<SourceRejection[]> CheckContentAsync(IngestRequest request, SourceInfo source, FrameSplit? split) =>
        validator.CheckContentAsync(request.SourcePath, source, RulesFor(request), encoding.Value.ThreadsPerEncode, lifetime.ApplicationStopping, split);

    private SourceValidationOptions RulesFor(IngestRequest request)
    {
        var rules = validation.Value.Copy();
        rules.RequireAudio &= request.Audio.Length == 0; // separate audio files stand in for the source's own
        return rules;
    }

    private static async Task<IMediaAnalysis?> TryProbe(string path)
    {
        try
        {
            return await FFProbe.AnalyseAsync(path);
        }
        catch (Exception)
        {
            return null;
        }
    }
}
