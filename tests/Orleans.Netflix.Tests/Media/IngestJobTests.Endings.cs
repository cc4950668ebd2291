using Orleans.Netflix.Catalog;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>Jobs that end without publishing: rejected before any encode, failed, and refused at the door; what they leave behind.</summary>
public sealed partial class IngestJobTests
{
    public static TheoryData<string, SourceProblem> DamagedSourcesForJobs() => new()
    {
        { "cut-short", SourceProblem.Truncated },
        { "audio-ends-early", SourceProblem.AudioEndsEarly },
    };

    [Theory]
    [MemberData(nameof(DamagedSourcesForJobs))]
    public async Task ADamagedSource_IsRejectedBeforeAnyEncode_WithOneLineAndTheStoryInItsLog(string damage, SourceProblem expected)
    {
        var titleId = await NewTitleAsync();
        var path = fixture.In($"{damage}-{Guid.NewGuid():N}.mp4");
        if (damage == "cut-short")
        {
            var whole = await File.ReadAllBytesAsync(fixture.In("source.mp4"));
            await File.WriteAllBytesAsync(path, whole[..(whole.Length * 3 / 4)]);
        }
        else
        {
            await FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=6", "-t", "3", "-f", "lavfi", "-i", "sine",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        }
        var jobId = $"job-{Guid.NewGuid():N}";

        var status = await RunToEndAsync(jobId, new IngestRequest(titleId, path, [], []));

        Assert.Equal(IngestStage.Rejected, status.Stage);
        var rejection = Assert.Single(status.Rejections);
        Assert.Equal(expected, rejection.Problem);
        Assert.DoesNotContain('\n', rejection.Detail);
        Assert.Equal(0, status.ChunksTotal); // decided from the source alone: nothing was planned, let alone encoded
        Assert.False(Directory.Exists(Path.Combine(fixture.WorkRoot, jobId)));
        Assert.False(Directory.Exists(Path.Combine(fixture.OriginRoot, "titles", titleId)));
        Assert.NotNull(status.LogFile);
        Assert.Contains($"{expected}: {rejection.Detail}", await File.ReadAllTextAsync(status.LogFile));
    }

    [Fact]
    public async Task AJobThatFailsToPublish_ShowsOneLine_KeepsTheDetailInItsLog_AndLeavesNoWorkOrStagingFolder()
    {
        var titleId = await NewTitleAsync();
        var jobId = $"job-{Guid.NewGuid():N}";
        // A file where the job's published folder must go: everything is encoded and packaged in staging, then the move fails.
        var titleFolder = Path.Combine(fixture.OriginRoot, "titles", titleId);
        Directory.CreateDirectory(titleFolder);
        await File.WriteAllTextAsync(Path.Combine(titleFolder, jobId), "in the way");

        var status = await RunToEndAsync(jobId, new IngestRequest(titleId, fixture.In("source.mp4"), [], []));

        Assert.Equal(IngestStage.Failed, status.Stage);
        Assert.NotNull(status.Error);
        Assert.StartsWith("Publishing: ", status.Error);
        Assert.DoesNotContain('\n', status.Error);
        Assert.Contains("at Orleans.Netflix.Grains.Media.OriginPublisher", await File.ReadAllTextAsync(status.LogFile!)); // the whole exception
        Assert.Equal(TitleAvailability.ComingSoon, (await fixture.Client.GetGrain<ITitleGrain>(titleId).Get())!.Availability);
        Assert.False(Directory.Exists(Path.Combine(fixture.WorkRoot, jobId)));
        Assert.Equal([jobId], Directory.GetFileSystemEntries(titleFolder).Select(Path.GetFileName)); // no staging left, the stranger's file kept
    }

    [Fact]
    public async Task ASourcePathWithADoubleQuote_IsRefusedWithOneLine()
    {
        var titleId = await NewTitleAsync();
        var path = fixture.In("say \"cheese\".mp4");
        File.Copy(fixture.In("source.mp4"), path);
        var job = fixture.Client.GetGrain<IIngestJobGrain>($"job-{Guid.NewGuid():N}");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => job.Start(new IngestRequest(titleId, path, [], [])));

        Assert.Contains("a path with a double quote (\") cannot be handed to ffmpeg; rename it", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Null(await job.Status());
    }
}
