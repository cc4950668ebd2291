using System.Diagnostics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Regions;
using Orleans.Netflix.Common;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Media;
using Orleans.Netflix.Regions;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// One region's copy of the title, as its own holdings recorded it (silo clock, this machine): times from the moment the
/// ingest job in us-east recorded Ready.
/// </summary>
/// <param name="StartedAfter">Until the region's copier started the copy (it compares holdings every second; may be
/// negative, as the index and holdings replicate at publish, just before the job records Ready).</param>
/// <param name="PlayableAfter">Until the region's holdings said Complete: from then on the title plays there.</param>
public sealed record RegionCopy(string Region, string? CopiedFrom, int Files, long Bytes, TimeSpan StartedAfter, TimeSpan PlayableAfter)
{
    /// <summary>The copy itself: download, size and SHA-256 checks, promotion into the origin root.</summary>
    public TimeSpan Copying => PlayableAfter - StartedAfter;

    /// <summary>Bytes over the time from Ready to Playable.</summary>
    public double MegabytesPerSecond => Bytes / 1e6 / PlayableAfter.TotalSeconds;
}

/// <summary>The title seeded and ingested in us-east only, and how it reached every other region.</summary>
/// <param name="Downloads">The baseline's timed rounds: the same files downloaded one after the other from us-east's origin.</param>
public sealed record ContentSpread(string TitleId, int Width, int Height, int Seconds, TimeSpan Generation, TimeSpan Ingest, int Renditions,
    int Files, long Bytes, IReadOnlyList<RegionCopy> Copies, IReadOnlyList<TimeSpan> Downloads)
{
    /// <summary>The median of the baseline's rounds.</summary>
    public TimeSpan Download => Downloads.Order().ElementAt(Downloads.Count / 2);

    /// <summary>Ready-to-Playable time over the plain download's.</summary>
    public double RatioOf(RegionCopy copy) => copy.PlayableAfter / Download;

    /// <summary>The copy alone (its start to Playable) over the plain download's time.</summary>
    public double CopyingRatioOf(RegionCopy copy) => copy.Copying / Download;
}

/// <summary>
/// Content in one region only, as a studio delivers it: the title is written in us-east (replicated from there) and a
/// real source, generated with ffmpeg (testsrc2 + sine), is ingested through us-east's pipeline; every other region's
/// copier then brings the published files from us-east's origin into its own. Waits until each region's own placement
/// says Playable, checks that its origin root holds every indexed file at its size, and times the plain download of
/// the same files as the baseline.
/// </summary>
public static class RegionsContent
{
    public const string Home = "us-east";
    public const string TitleId = "t-regions";
    public const int Width = 640;
    public const int Height = 360;
    private const int FrameRate = 25;
    private const int DownloadRounds = 5;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan IngestWithin = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan CopiesWithin = TimeSpan.FromMinutes(5);

    /// <summary>Where a region's silos keep their published media (all silos of a region share it).</summary>
    public static string OriginRoot(string root, string region) => Path.Combine(root, region, "origin");

    /// <summary>Where a region's silos keep their ingest jobs' work files.</summary>
    public static string WorkRoot(string root, string region) => Path.Combine(root, region, "work");

    public static async Task<ContentSpread> RunAsync(int seconds, IRegionLinks links, string homeOriginUrl, string root, TextWriter log,
        CancellationToken cancellationToken)
    {
        var source = Path.Combine(root, "source.mp4");
        log.WriteLine($"generating a {seconds} s {Width}x{Height} {FrameRate} fps source (testsrc2 + sine)");
        var generation = Stopwatch.StartNew();
        await GenerateAsync(source, seconds, cancellationToken);
        var generated = generation.Elapsed;

        var east = await links.ConnectAsync(Home, cancellationToken);
        await east.GetGrain<ITitleGrain>(TitleId).Upsert(
            new TitleMetadata("Regions", "", 2026, ["Drama"], [], MaturityRating.Age13, TimeSpan.FromSeconds(seconds)), [], 1);
        log.WriteLine($"{TitleId} written in {Home} only; ingesting the source there");
        var ready = await IngestAsync(east, source, log, cancellationToken);
        var readyAt = ready.UpdatedAt;
        var assets = await east.GetGrain<ITitleAssetsGrain>(TitleId).Get() ?? throw new InvalidOperationException("the job is Ready but the title has no index");
        var bytes = assets.Files.Sum(f => f.Bytes);
        log.WriteLine($"  Ready after {(ready.UpdatedAt - ready.StartedAt).TotalSeconds:0.0} s: {assets.Video.Length} renditions, {assets.Files.Length} files, {bytes / 1e6:0.00} MB");

        var copies = await WaitForCopiesAsync(links, readyAt, log, cancellationToken);
        foreach (var copy in copies) CheckOrigin(OriginRoot(root, copy.Region), assets);
        var placement = await east.GetGrain<ITitleAssetsGrain>(TitleId).Placement();
        if (placement.Any(p => p.Status != RegionMediaStatus.Playable))
            throw new InvalidOperationException($"{Home} sees {string.Join(", ", placement.Select(p => $"{p.Region} {p.Status}"))}");

        log.WriteLine($"baseline: {assets.Files.Length} files downloaded one after the other from {homeOriginUrl}, {DownloadRounds} rounds after an untimed one");
        var downloads = await OriginDownload.TimeAsync(homeOriginUrl, assets.Files, DownloadRounds, cancellationToken);
        log.WriteLine($"  {string.Join(", ", downloads.Select(d => $"{d.TotalMilliseconds:0} ms"))}");
        return new ContentSpread(TitleId, Width, Height, seconds, generated, ready.UpdatedAt - ready.StartedAt, assets.Video.Length,
            assets.Files.Length, bytes, copies, downloads);
    }

    /// <summary>A <paramref name="seconds"/> s test pattern with a tone, as a studio might deliver it (x264 at high quality).</summary>
    private static Task GenerateAsync(string path, int seconds, CancellationToken cancellationToken) => FfmpegCli.RunAsync(
    [
        "-loglevel", "error",
        "-f", "lavfi", "-i", $"testsrc2=size={Width}x{Height}:rate={FrameRate}:duration={seconds}",
        "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "aac", path,
    ], cancellationToken);

    /// <summary>One ingest job through us-east, its stages logged, polled until it finishes; anything but Ready throws.</summary>
    private static async Task<IngestStatus> IngestAsync(IGrainFactory east, string source, TextWriter log, CancellationToken cancellationToken)
    {
        var job = east.GetGrain<IIngestJobGrain>($"regions-{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();
        var status = await job.Start(new IngestRequest(TitleId, source, [], []));
        var stage = (IngestStage?)null;
        while (true)
        {
            if (stage != status.Stage) log.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0.0} s  {stage = status.Stage} ({status.ChunksDone}/{status.ChunksTotal} chunks)");
            if (status.Finished) break;
            if (clock.Elapsed > IngestWithin) throw new TimeoutException($"the ingest job is still {status.Stage} after {IngestWithin.TotalMinutes:0} minutes");
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            status = await job.Status() ?? throw new InvalidOperationException("the job reads as never started");
        }
        if (status.Stage != IngestStage.Ready)
            throw new InvalidOperationException($"the ingest job ended {status.Stage}: {status.Error ?? string.Join("; ", status.Rejections.Select(r => $"{r.Problem}: {r.Detail}"))}");
        return status;
    }

    /// <summary>Polls each other region's own placement until it says Playable; a failed copy is logged (its copier tries again).</summary>
    private static async Task<List<RegionCopy>> WaitForCopiesAsync(IRegionLinks links, DateTimeOffset readyAt, TextWriter log, CancellationToken cancellationToken)
    {
        var pending = NetflixRegions.Shipped.All.Select(r => r.Name).Where(r => r != Home).ToList();
        var copies = new List<RegionCopy>();
        var failures = new HashSet<DateTimeOffset>();
        var clock = Stopwatch.StartNew();
        while (pending.Count > 0)
        {
            foreach (var region in pending.ToArray())
            {
                var placement = await (await links.ConnectAsync(region, cancellationToken)).GetGrain<ITitleAssetsGrain>(TitleId).Placement();
                var here = placement.Single(p => p.Region == region);
                if (here is { Status: RegionMediaStatus.Playable, Holding: { } held })
                {
                    var copy = new RegionCopy(region, held.CopiedFrom, held.Files, held.Bytes, held.StartedAt - readyAt, held.UpdatedAt - readyAt);
                    copies.Add(copy);
                    pending.Remove(region);
                    log.WriteLine($"  {region}: Playable {copy.PlayableAfter.TotalSeconds:0.00} s after Ready (copy from {copy.CopiedFrom} started at " +
                                  $"{copy.StartedAfter.TotalSeconds:0.00} s, took {copy.Copying.TotalSeconds:0.00} s), {copy.Files} files, {copy.Bytes / 1e6:0.00} MB");
                }
                else if (here is { Status: RegionMediaStatus.Failed, Holding: { } failed } && failures.Add(failed.UpdatedAt))
                {
                    log.WriteLine($"  {region}: a copy failed ({failed.Error}); its copier tries again");
                }
            }
            if (pending.Count > 0 && clock.Elapsed > CopiesWithin)
                throw new TimeoutException($"not Playable {CopiesWithin.TotalMinutes:0} minutes after Ready: {string.Join(", ", pending)}");
            if (pending.Count > 0) await Task.Delay(PollEvery, cancellationToken);
        }
        return copies;
    }

    /// <summary>Every indexed file is in the region's own origin root, at its indexed size (the copier checked its SHA-256).</summary>
    private static void CheckOrigin(string originRoot, TitleAssets assets)
    {
        foreach (var file in assets.Files)
        {
            var copy = new FileInfo(Path.Combine(originRoot, file.Path));
            if (!copy.Exists || copy.Length != file.Bytes)
                throw new InvalidOperationException($"{originRoot} lacks {file.Path} at {file.Bytes} bytes");
        }
    }
}
