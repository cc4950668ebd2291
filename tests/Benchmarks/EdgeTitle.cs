using System.Diagnostics;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The title both servers serve, made the way every title is: a generated 1280x720 source with audio
/// ingested through the real pipeline on the benchmark's silo, so the files are the CMAF segments, init
/// segments and playlists a player fetches, published to origin storage and indexed in
/// <see cref="ITitleAssetsGrain"/>, not random bytes of a guessed size.
/// </summary>
public static class EdgeTitle
{
    /// <summary>Six 4 s segments per rendition.</summary>
    public const int SourceSeconds = 24;

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    public static async Task<TitleAssets> IngestAsync(IGrainFactory grains, string folder, TextWriter log, CancellationToken cancellationToken)
    {
        var source = Path.Combine(folder, "source.mp4");
        log.WriteLine($"generating a {SourceSeconds} s {PipelineBenchmark.Width}x{PipelineBenchmark.Height} source with audio");
        await PipelineBenchmark.GenerateAsync(source, SourceSeconds, cancellationToken);
        return await IngestSourceAsync(grains, source, log, cancellationToken);
    }

    /// <summary>Ingests <paramref name="source"/> (a media file) as the benchmark title and waits until it is Ready.</summary>
    public static async Task<TitleAssets> IngestSourceAsync(IGrainFactory grains, string source, TextWriter log, CancellationToken cancellationToken)
    {
        var titleId = CatalogGenerator.TitleId(0);
        var template = new CatalogGenerator(1).Titles(1)[0];
        await grains.GetGrain<ITitleGrain>(titleId).Upsert(template.Metadata, template.Artwork, 1);
        var job = grains.GetGrain<IIngestJobGrain>($"edge-bench-{Guid.NewGuid():N}");
        log.WriteLine($"ingesting it as {titleId} through the pipeline");
        var clock = Stopwatch.StartNew();
        var status = await job.Start(new IngestRequest(titleId, source, [], []));
        while (!status.Finished)
        {
            if (clock.Elapsed > Deadline) throw new TimeoutException($"the ingest job is still {status.Stage} after {Deadline.TotalMinutes:0} minutes");
            await Task.Delay(PollEvery, cancellationToken);
            status = await job.Status() ?? throw new InvalidOperationException("the ingest job reads as never started");
        }
        if (status.Stage != IngestStage.Ready)
        {
            var reasons = status.Error ?? string.Join("; ", status.Rejections.Select(r => $"{r.Problem}: {r.Detail}"));
            throw new InvalidOperationException($"the ingest job ended {status.Stage}, not Ready: {reasons}");
        }
        var assets = await grains.GetGrain<ITitleAssetsGrain>(titleId).Get() ?? throw new InvalidOperationException("the job is Ready but the title has no assets");
        log.WriteLine($"  Ready in {clock.Elapsed.TotalSeconds:0.0} s: {assets.Video.Length} renditions, {assets.Audio.Length} audio tracks, {assets.Files.Length} files");
        return assets;
    }
}
