using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Media;
using Orleans.Netflix.Media.Hls;

namespace Orleans.Netflix.Grains.Media;

/// <summary>A title's package in its staging folder: every track as the master playlist lists it, and the pictures made beside them.</summary>
public sealed record PackagedTitle(VideoTrack[] Video, AudioTrack[] Audio, SubtitleTrack[] Subtitles, MadePictures Pictures);

/// <summary>
/// Packages a job's assembled renditions, audio and subtitles as HLS into its staging folder (<see cref="HlsPackager"/>),
/// every track its own ffmpeg process, side by side within this silo's slots, the pictures (<see cref="IngestPictures"/>)
/// beside them; then the master playlist. Plain work on files: callers run it off a grain's turn.
/// </summary>
public sealed class TitlePackaging(HlsPackager packager, FfmpegSlots slots, IngestPictures pictures, IOptions<EncodingOptions> encoding)
{
    /// <summary>Each audio language is packaged at every bitrate of <see cref="AudioPairing.Kbps"/>.</summary>
    private static readonly IReadOnlyList<int> AudioKbps = AudioPairing.Kbps;

    /// <summary>Packages into <paramref name="staging"/>, which starts empty (a package left by an interrupted run is dropped).</summary>
    public async Task<PackagedTitle> PackageAsync(string jobId, IngestRequest request, SourceInfo source,
        (Rendition Rendition, string Assembled)[] renditions, string staging)
    {
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        var options = encoding.Value;
        var madePictures = pictures.MakeAsync(jobId, staging, request.SourcePath, source, renditions);
        var videoTracks = renditions.Select(r => slots.RunAsync(ct => packager.PackageVideoAsync(r.Assembled, r.Rendition, source.FrameRate,
            Path.Combine(staging, $"video-{r.Rendition.Name}"), options, ct, source.Duration), CancellationToken.None)).ToArray();

        var audioInputs = request.Audio.Length > 0 ? request.Audio : [new TrackInput("und", request.SourcePath)];
        var audioTracks = audioInputs.SelectMany((input, i) => AudioKbps.Select(kbps => slots.RunAsync(ct => packager.PackageAudioAsync(
            input.Path, input.Language, kbps, i == 0, Path.Combine(staging, $"audio-{SafeNames.Folder(input.Language)}-{kbps}k"), options, ct),
            CancellationToken.None))).ToArray();
        var subtitleTracks = request.Subtitles.Select(subtitle => slots.RunAsync(ct => packager.PackageSubtitlesAsync(subtitle.Path, subtitle.Language,
            false, source.Duration, Path.Combine(staging, $"subs-{SafeNames.Folder(subtitle.Language)}"), options, ct), CancellationToken.None)).ToArray();
        var package = new PackagedTitle(await Task.WhenAll(videoTracks), await Task.WhenAll(audioTracks), await Task.WhenAll(subtitleTracks),
            await madePictures);

        await File.WriteAllTextAsync(Path.Combine(staging, "master.m3u8"), HlsWriter.WriteMaster(package.Video, package.Audio, package.Subtitles));
        return package;
    }
}
