using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media.Pictures;

/// <summary>What the picture steps made, published in the title's index.</summary>
public sealed record MadePictures(TrickPlayTrack? TrickPlay, ArtworkStill[] Stills);

/// <summary>
/// Pictures made from the title's video while its tracks are packaged (the other classes in this folder), each in its own
/// folder of the staging folder, so publishing indexes them (SHA-256), edges serve them and the copier brings them to
/// other regions like segments. Each runs within the silo's ffmpeg slots and reads only what it is handed (it runs off
/// the job grain's turn). A picture step that fails is logged and published without: a title still plays without its
/// thumbnails or stills (it keeps the artwork it was imported with).
/// </summary>
public sealed class IngestPictures(FfmpegSlots slots, IOptions<TrickPlayOptions> trickPlay, IOptions<EncodingOptions> encoding,
    ILogger<IngestPictures> logger)
{
    /// <summary>Runs every picture step side by side; packaging starts this beside its tracks and awaits it with them.</summary>
    public async Task<MadePictures> MakeAsync(string jobId, string staging, string sourcePath, SourceInfo source,
        (Rendition Rendition, string Assembled)[] renditions)
    {
        var trickPlay = MakeTrickPlayAsync(jobId, staging, renditions, source);
        var stills = MakeStillsAsync(jobId, staging, sourcePath, source);
        return new MadePictures(await trickPlay, await stills);
    }

    /// <summary>
    /// Artwork cut from the source's own frames (<see cref="ArtworkStills"/>), at the source's full resolution: the
    /// posters members see are the title's best pictures, not a rendition's. None when they could not be made.
    /// </summary>
    private async Task<ArtworkStill[]> MakeStillsAsync(string jobId, string staging, string sourcePath, SourceInfo source)
    {
        var folder = Path.Combine(staging, ArtworkStills.Folder);
        try
        {
            return await slots.RunAsync(ct => ArtworkStills.MakeAsync(sourcePath, source.Width, source.Height, source.Duration, staging, folder, ct),
                CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Ingest job {Job}: no artwork stills, publishing without them", jobId);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            return [];
        }
    }

    /// <summary>
    /// Trick-play thumbnails (<see cref="TrickPlayMaker"/>) from the smallest assembled rendition at least as wide as a
    /// tile (the widest when none is): its frames are the source's, one for one, and decoding it costs the same whatever
    /// the source's resolution (its keyframes alone when the interval is whole segments). Null when they are turned off
    /// or could not be made.
    /// </summary>
    private async Task<TrickPlayTrack?> MakeTrickPlayAsync(string jobId, string staging, (Rendition Rendition, string Assembled)[] renditions,
        SourceInfo source)
    {
        var options = trickPlay.Value;
        if (!options.Enabled || renditions.Length == 0) return null;
        var wideEnough = renditions.Where(r => r.Rendition.Width >= options.TileWidth).ToArray();
        var input = wideEnough.Length > 0 ? wideEnough.MinBy(r => r.Rendition.Width) : renditions.MaxBy(r => r.Rendition.Width);
        var folder = Path.Combine(staging, TrickPlayMaker.Folder);
        try
        {
            // The renditions have a keyframe on the first frame of every segment: with an interval of whole segments, only keyframes are decoded.
            var made = await slots.RunAsync(ct => TrickPlayMaker.MakeAsync(input.Assembled, input.Rendition.Width, input.Rendition.Height, source.FrameRate,
                source.Duration, encoding.Value.Segment, staging, folder, options, encoding.Value.ThreadsPerEncode, ct), CancellationToken.None);
            logger.LogInformation("Ingest job {Job}: {Tiles} trick-play thumbnails from {Rendition}, {Decoded}", jobId, made.Track.Count, input.Rendition.Name,
                made.KeyframesOnly ? "its keyframes alone decoded" : "every frame decoded");
            return made.Track;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Ingest job {Job}: no trick-play thumbnails, publishing without them", jobId);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            return null;
        }
    }
}
