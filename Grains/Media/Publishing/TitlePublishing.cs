using Microsoft.Extensions.Options;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Publishes a packaged title: its staging folder renamed into origin storage in one move (<see cref="OriginPublisher"/>),
/// every file indexed in <see cref="ITitleAssetsGrain"/>, the stills cut from it made the title's artwork, and the title
/// Playable. Called on the job's turn; the file work runs on the thread pool.
/// </summary>
public sealed class TitlePublishing(IGrainFactory grains, IOptions<IngestOptions> ingest, TimeProvider clock)
{
    /// <summary>Returns the master playlist's path relative to the origin root.</summary>
    public async Task<string> PublishAsync(IngestRequest request, string jobId, string staging, PackagedTitle package)
    {
        var originRoot = ingest.Value.OriginRoot;
        var (folder, files) = await Task.Run(() => OriginPublisher.PublishAsync(originRoot, request.TitleId, jobId, staging, CancellationToken.None));
        var master = Path.GetRelativePath(originRoot, Path.Combine(folder, "master.m3u8")).Replace('\\', '/');
        var pictures = package.Pictures;
        await grains.GetGrain<ITitleAssetsGrain>(request.TitleId).Publish(new TitleAssets(
            request.TitleId, jobId, master, package.Video, package.Audio, package.Subtitles, files, clock.GetUtcNow(), pictures.TrickPlay, pictures.Stills));
        if (pictures.Stills.Length > 0)
        {
            // The title's artwork becomes the stills cut from it, each found by its path in the published folder.
            var published = TitleAssetPaths.FolderOf(master);
            await grains.GetGrain<ITitleGrain>(request.TitleId).SetArtwork(
                [.. pictures.Stills.Select(s => new ArtworkVariant(s.StillId, published + s.Poster, s.Tags))]);
        }
        await grains.GetGrain<ITitleGrain>(request.TitleId).SetAvailability(TitleAvailability.Playable);
        return master;
    }
}
