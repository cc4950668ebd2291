using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// A job's stored state is JSON without type names (the silo's storage serializer), so the pipeline's types can move
/// between assemblies and folders: a job stored mid-encode reads back with its plan and finished chunks, and resumes
/// with exactly the encodes it still lacks.
/// </summary>
public sealed class IngestJobStateStorageTests
{
    private static readonly IGrainStorageSerializer Json = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    // A job's row as its grain stored it: two renditions, two chunks, one chunk x rendition encoded, content checked.
    private const string StoredMidEncode = """
        {"Request":{"TitleId":"t-1","SourcePath":"/studio/source.mp4","Audio":[{"Language":"en","Path":"/studio/en.m4a"}],"Subtitles":[{"Language":"fr","Path":"/studio/fr.srt"}]},
         "Stage":1,"StartedAt":"2026-12-01T10:00:00+00:00","UpdatedAt":"2026-12-01T10:00:30+00:00",
         "Source":{"Duration":"00:00:12","Width":640,"Height":360,"FrameRate":25,"VideoCodec":"h264","AudioStreams":1},
         "Renditions":[{"Name":"360p","Width":640,"Height":360,"VideoKbps":800},{"Name":"240p","Width":426,"Height":240,"VideoKbps":400}],
         "Chunks":[{"Index":0,"Start":"00:00:00","Duration":"00:00:08","End":"00:00:08"},{"Index":1,"Start":"00:00:08","Duration":"00:00:04","End":"00:00:12"}],
         "Done":{"job-1/0000/360p":{"Key":"job-1/0000/360p","Path":"/work/job-1/360p/chunk-0000.ts","Bytes":123456,"Frames":200,"PsnrDb":41.5,"Silo":"127.0.0.1:11111","Succeeded":true,"Cancelled":false}},
         "Rejections":[],"ContentChecked":true}
        """;

    [Fact]
    public void AJobStoredMidEncode_ReadsBack_AndResumesWithTheEncodesItLacks()
    {
        var job = Json.Deserialize<IngestJobState>(BinaryData.FromString(StoredMidEncode))!;

        Assert.Equal(IngestStage.Encoding, job.Stage);
        var request = job.Request!;
        Assert.Equal(("t-1", "/studio/source.mp4"), (request.TitleId, request.SourcePath));
        Assert.Equal([new TrackInput("en", "/studio/en.m4a")], request.Audio);
        Assert.Equal([new TrackInput("fr", "/studio/fr.srt")], request.Subtitles);
        Assert.Equal(new SourceInfo(TimeSpan.FromSeconds(12), 640, 360, 25, "h264", 1), job.Source);
        Assert.Equal([new Rendition("360p", 640, 360, 800), new Rendition("240p", 426, 240, 400)], job.Renditions);
        Assert.Equal([new Chunk(0, TimeSpan.Zero, TimeSpan.FromSeconds(8)), new Chunk(1, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(4))], job.Chunks);
        Assert.Equal(new ChunkOutcome("job-1/0000/360p", "/work/job-1/360p/chunk-0000.ts", 123456, 200, 41.5, null, "127.0.0.1:11111"),
            Assert.Single(job.Done).Value);
        Assert.True(job.ContentChecked);
        Assert.Equal(["job-1/0000/240p", "job-1/0001/240p", "job-1/0001/360p"], ChunkDispatch.PendingKeys("job-1", job).Order(StringComparer.Ordinal));
    }
}
