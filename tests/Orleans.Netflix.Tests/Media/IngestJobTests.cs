using System.Security.Cryptography;
using FFMpegCore;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Common;
using Orleans.Netflix.Media;
using Orleans.Netflix.Media.Hls;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>Ingest through the grains on a two-silo cluster: real ffmpeg, real files in origin storage.</summary>
public sealed partial class IngestJobTests(IngestClusterFixture fixture) : IClassFixture<IngestClusterFixture>
{
    private async Task<string> NewTitleAsync()
    {
        var id = $"t-ingest-{Guid.NewGuid():N}"[..20];
        var template = new CatalogGenerator(5).Titles(1)[0];
        await fixture.Client.GetGrain<ITitleGrain>(id).Upsert(template.Metadata, template.Artwork, 1);
        return id;
    }

    private async Task<IngestStatus> RunToEndAsync(string jobId, IngestRequest request)
    {
        var job = fixture.Client.GetGrain<IIngestJobGrain>(jobId);
        var status = await job.Start(request);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!status.Finished && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            status = (await job.Status())!;
        }
        Assert.True(status.Finished, $"job still {status.Stage} after 3 minutes");
        return status;
    }

    [Fact]
    public async Task AGoodSource_BecomesAPlayableIndexedLadder_InOriginStorage()
    {
        var titleId = await NewTitleAsync();
        var jobId = $"job-{Guid.NewGuid():N}";
        var request = new IngestRequest(titleId, fixture.In("source.mp4"),
            [new TrackInput("en", fixture.In("source.mp4")), new TrackInput("es", fixture.In("spanish.m4a"))],
            [new TrackInput("en", fixture.In("english.srt"))]);

        var status = await RunToEndAsync(jobId, request);

        Assert.True(status.Stage == IngestStage.Ready, $"{status.Stage}: {status.Error}");
        Assert.Equal(9, status.ChunksTotal); // 3 chunks of 2 s x 3 renditions (360p, 240p, 144p)
        Assert.Equal(9, status.ChunksDone);
        Assert.Equal("passed", status.SourceCheck);
        Assert.Equal(TitleAvailability.Playable, (await fixture.Client.GetGrain<ITitleGrain>(titleId).Get())!.Availability);

        var assets = await fixture.Client.GetGrain<ITitleAssetsGrain>(titleId).Get();
        Assert.NotNull(assets);
        Assert.Equal(["360p", "240p", "144p"], assets.Video.Select(v => v.Rendition.Name));
        Assert.Equal(["en", "en", "en", "es", "es", "es"], assets.Audio.Select(a => a.Language));
        Assert.Equal("en", Assert.Single(assets.Subtitles).Language);
        Assert.True(File.Exists(Path.Combine(fixture.OriginRoot, assets.MasterPlaylist)));
        var videoSegments = assets.Files.Where(f => f.Path.EndsWith(".m4s", StringComparison.Ordinal) && f.Path.Contains("/video-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(9, videoSegments.Length); // 3 segments of 2 s in each of 3 renditions
        Assert.All(videoSegments, s => Assert.InRange(s.DurationSeconds, 1.9, 2.1));
        foreach (var file in assets.Files)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(fixture.OriginRoot, file.Path));
            Assert.Equal(file.Bytes, bytes.Length);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        Assert.Equal([jobId], Directory.GetDirectories(Path.Combine(fixture.OriginRoot, "titles", titleId)).Select(Path.GetFileName)); // no staging left

        // Starting the same job again changes nothing: same status, same index, no duplicates.
        var again = await fixture.Client.GetGrain<IIngestJobGrain>(jobId).Start(request);
        Assert.Equal((IngestStage.Ready, status.UpdatedAt), (again.Stage, again.UpdatedAt));
        Assert.Equal(assets.Files.Length, (await fixture.Client.GetGrain<ITitleAssetsGrain>(titleId).Get())!.Files.Length);
    }

    [Fact]
    public async Task ABadSource_IsRejectedWithItsReason_AndPublishesNothing()
    {
        var titleId = await NewTitleAsync();

        var status = await RunToEndAsync($"job-{Guid.NewGuid():N}", new IngestRequest(titleId, fixture.In("black.mp4"), [], []));

        Assert.Equal(IngestStage.Rejected, status.Stage);
        Assert.Contains(status.Rejections, r => r.Problem == SourceProblem.BlackStretch);
        Assert.Null(await fixture.Client.GetGrain<ITitleAssetsGrain>(titleId).Get());
        Assert.Equal(TitleAvailability.ComingSoon, (await fixture.Client.GetGrain<ITitleGrain>(titleId).Get())!.Availability);
        Assert.False(Directory.Exists(Path.Combine(fixture.OriginRoot, "titles", titleId)));
    }

    [Fact]
    public async Task ASourceWithGarbageInsideAFrame_IsRejectedForItsContent_ThoughItsChunksStartedEncodingBesideTheCheck()
    {
        // Every packet and the container are intact, so it passes the checks before encoding (nothing decodes the
        // picture there); the job plans it and starts encoding while the content check decodes every frame.
        var titleId = await NewTitleAsync();
        var path = fixture.In($"frame-damage-{Guid.NewGuid():N}.mp4");
        await DamagedSources.DamageInsideOneFrameAsync(fixture.In("source.mp4"), path);
        var jobId = $"job-{Guid.NewGuid():N}";

        var status = await RunToEndAsync(jobId, new IngestRequest(titleId, path, [], []));

        Assert.Equal(IngestStage.Rejected, status.Stage);
        Assert.Equal("rejected", status.SourceCheck);
        Assert.False(status.SourceChecked);
        Assert.True(status.ChunksTotal > 0); // planned and sent to encode before the verdict
        Assert.Equal(SourceProblem.DecodeErrors, Assert.Single(status.Rejections).Problem);
        Assert.Null(await fixture.Client.GetGrain<ITitleAssetsGrain>(titleId).Get());
        Assert.False(Directory.Exists(Path.Combine(fixture.OriginRoot, "titles", titleId)));
        // Its encodes are stopped, and what they wrote goes with them.
        await Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists(Path.Combine(fixture.WorkRoot, jobId))), seconds: 120);
    }

    [Fact]
    public async Task UnknownTitlesAndRelativePaths_AreRefusedAtStart()
    {
        var job = fixture.Client.GetGrain<IIngestJobGrain>($"job-{Guid.NewGuid():N}");

        await Assert.ThrowsAsync<NotFoundException>(() => job.Start(new IngestRequest("t-no-such-title", fixture.In("source.mp4"), [], [])));
        var titleId = await NewTitleAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => job.Start(new IngestRequest(titleId, "source.mp4", [], [])));
        Assert.Null(await job.Status());
    }

    [Fact]
    public async Task EndToEnd_A20SecondSourceWithTwoAudioLanguagesAndSubtitles_DecodesInEveryRendition_WithAlignedSegments()
    {
        var titleId = await NewTitleAsync();
        var status = await RunToEndAsync($"job-{Guid.NewGuid():N}", new IngestRequest(titleId, fixture.In("source-20s.mp4"),
            [new TrackInput("en", fixture.In("source-20s.mp4")), new TrackInput("fr", fixture.In("french-20s.m4a"))],
            [new TrackInput("en", fixture.In("english.srt"))]));
        Assert.True(status.Stage == IngestStage.Ready, $"{status.Stage}: {status.Error}");
        // 10 chunks x 3 renditions, spread over both silos of the cluster.
        Assert.Equal(30, status.EncodedOn.Sum(s => s.Chunks));
        Assert.Equal(2, status.EncodedOn.Length);
        Assert.All(status.EncodedOn, s => Assert.InRange(s.Chunks, 6, 24));
        var assets = (await fixture.Client.GetGrain<ITitleAssetsGrain>(titleId).Get())!;
        var master = Path.Combine(fixture.OriginRoot, assets.MasterPlaylist);
        var folder = Path.GetDirectoryName(master)!;

        var boundaries = new List<double[]>();
        foreach (var video in assets.Video)
        {
            var playlist = Path.Combine(folder, video.Playlist);
            var probe = await FFProbe.AnalyseAsync(playlist);
            Assert.InRange(probe.Duration.TotalSeconds, 19.9, 20.1);
            Assert.Equal((video.Rendition.Width, video.Rendition.Height), (probe.PrimaryVideoStream!.Width, probe.PrimaryVideoStream.Height));
            Assert.Equal(500, await MediaProbe.VideoFrameCountAsync(playlist)); // 20 s at 25 fps: every frame, once
            var segments = HlsParser.ParseMedia(await File.ReadAllTextAsync(playlist)).Segments;
            var starts = segments.Select(s => s.Seconds).Aggregate(new List<double> { 0 }, (acc, d) => { acc.Add(Math.Round(acc[^1] + d, 3)); return acc; });
            boundaries.Add([.. starts]);
        }
        Assert.Equal(3, boundaries.Count);
        Assert.All(boundaries, b => Assert.Equal(boundaries[0], b));
        Assert.Equal(11, boundaries[0].Length); // 10 segments of 2 s

        Assert.Equal(["en", "fr"], assets.Audio.Select(a => a.Language).Distinct());
        foreach (var audio in assets.Audio)
        {
            var probe = await FFProbe.AnalyseAsync(Path.Combine(folder, audio.Playlist));
            Assert.InRange(probe.Duration.TotalSeconds, 19.8, 20.2);
            Assert.NotNull(probe.PrimaryAudioStream);
        }
        var masterText = await File.ReadAllTextAsync(master);
        Assert.Contains("LANGUAGE=\"fr\",DEFAULT=NO", masterText);
        Assert.Contains("TYPE=SUBTITLES", masterText);
        Assert.Contains("The end.", await File.ReadAllTextAsync(Path.Combine(folder, assets.Subtitles[0].Playlist.Replace("index.m3u8", "subtitles.vtt"))));
    }
}
