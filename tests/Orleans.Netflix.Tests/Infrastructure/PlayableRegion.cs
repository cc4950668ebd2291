using Orleans.Netflix.Catalog;
using Orleans.Netflix.Cdn;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// The least a region needs for StartPlayback to succeed without media or edge processes: a playable
/// title with a published (indexed, not encoded) ladder, and one edge registered through the registry's
/// own heartbeat. Catalogs and edges are regional, so each region gets its own.
/// </summary>
public static class PlayableRegion
{
    public static async Task PrepareAsync(IGrainFactory grains, string region, string titleId)
    {
        var title = grains.GetGrain<ITitleGrain>(titleId);
        await title.Upsert(new TitleMetadata(titleId, "", 2026, ["Drama"], [], MaturityRating.Age13, TimeSpan.FromMinutes(50)), [], 1);
        var folder = $"titles/{titleId}/job-1/";
        Rendition[] ladder = [new("720p", 1280, 720, 3000), new("360p", 640, 360, 800)];
        await grains.GetGrain<ITitleAssetsGrain>(titleId).Publish(new TitleAssets(titleId, "job-1", folder + "master.m3u8",
            [.. ladder.Select(r => new VideoTrack(r, $"video-{r.Name}/index.m3u8", r.VideoKbps * 1100, r.VideoKbps * 1000, "avc1.64001f", 25))],
            [new AudioTrack("en", 128, "audio-en-128k/index.m3u8", "mp4a.40.2", true)], [],
            [new AssetFile(folder + "master.m3u8", 100, 0, new string('0', 64))], DateTimeOffset.UtcNow));
        await title.SetAvailability(TitleAvailability.Playable);
        await HeartbeatEdge(grains, region);
    }

    /// <summary>
    /// Heartbeats the region's edge every 2 s until <paramref name="stop"/>, for a test that plays longer than the registry
    /// keeps a silent edge (15 s). The registry is in memory: it needs no database, so this goes on through a database outage.
    /// </summary>
    public static Task KeepEdgeRegisteredAsync(IGrainFactory grains, string region, CancellationToken stop) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await HeartbeatEdge(grains, region);
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // A missed beat is harmless; the next one registers it again.
            }
        }
    });

    private static Task HeartbeatEdge(IGrainFactory grains, string region) => grains.GetGrain<IEdgeRegistryGrain>(region).Heartbeat(
        new EdgeReport($"{region}-edge", region, "local", "http://127.0.0.1:9", EdgeHealth.Healthy, 0, 0, 1L << 30, 1L << 30, []));
}
