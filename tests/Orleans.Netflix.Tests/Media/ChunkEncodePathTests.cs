using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;
using Orleans.Netflix.Tests.Grains;

namespace Orleans.Netflix.Tests.Media;

/// <summary>A chunk encode writes only inside its work root: paths that leave it, however dressed up, are refused before ffmpeg runs.</summary>
[Collection(TrustedTierCollection.Name)]
public sealed class ChunkEncodePathTests(TrustedTierClusterFixture fixture) : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"netflix-paths-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Root => Path.Combine(_scratch, "work");

    public static TheoryData<string> Outside => new()
    {
        "/etc/cron.d/chunk.ts",
        "{root}/../elsewhere/chunk.ts",
        "{root}/job/../../chunk.ts",
        "{root}-evil/job/chunk.ts",
        "{root}",
        "{root}/",
        "relative/chunk.ts",
    };

    public static TheoryData<string> Inside => new()
    {
        "{root}/job/360p/chunk-0000.ts",
        "{root}/job/../other-job/chunk.ts",
        "{root}//job/./chunk.ts",
        "{root}/not-yet/made/folders/chunk.ts",
    };

    [Theory]
    [MemberData(nameof(Outside))]
    public void PathsOutsideTheWorkRoot_AreRefused(string path)
    {
        var resolved = path.Replace("{root}", Root);

        var e = Assert.Throws<ArgumentException>(() => WorkRootPath.EnsureInside(Root, resolved, "chunk output path"));

        Assert.Contains($"'{resolved}'", e.Message);
        Assert.Contains("outside the work root", e.Message);
    }

    [Theory]
    [MemberData(nameof(Inside))]
    public void PathsInsideTheWorkRoot_AreAccepted(string path)
    {
        Directory.CreateDirectory(Root);
        WorkRootPath.EnsureInside(Root, path.Replace("{root}", Root), "chunk output path");
    }

    [Fact]
    public void ALinkInsideTheRoot_ThatPointsOutside_IsRefused_AndOneThatStaysInside_IsAccepted()
    {
        Directory.CreateDirectory(Path.Combine(Root, "real"));
        Directory.CreateDirectory(Path.Combine(_scratch, "outside"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "escape"), Path.Combine(_scratch, "outside"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "relative-escape"), "../outside");
        Directory.CreateSymbolicLink(Path.Combine(Root, "inner"), "real");
        File.CreateSymbolicLink(Path.Combine(Root, "real", "dangling.ts"), Path.Combine(_scratch, "outside", "new.ts"));

        Assert.False(WorkRootPath.IsInside(Root, Path.Combine(Root, "escape", "chunk.ts")));
        Assert.False(WorkRootPath.IsInside(Root, Path.Combine(Root, "relative-escape", "chunk.ts")));
        Assert.False(WorkRootPath.IsInside(Root, Path.Combine(Root, "real", "dangling.ts"))); // ffmpeg would create the target outside
        // ".." after a link is the link target's parent, as the file system reads it: here that is outside.
        Assert.False(WorkRootPath.IsInside(Root, Path.Combine(Root, "escape", "..", "work-not", "chunk.ts")));
        Assert.True(WorkRootPath.IsInside(Root, Path.Combine(Root, "inner", "chunk.ts")));
    }

    [Fact]
    public void AWorkRootThatIsItselfALink_StillHoldsItsOwnFiles()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "real-work"));
        Directory.CreateSymbolicLink(Root, Path.Combine(_scratch, "real-work"));

        Assert.True(WorkRootPath.IsInside(Root, Path.Combine(Root, "job", "chunk.ts")));
        Assert.True(WorkRootPath.IsInside(Root, Path.Combine(_scratch, "real-work", "job", "chunk.ts")));
        Assert.False(WorkRootPath.IsInside(Root, Path.Combine(_scratch, "job", "chunk.ts")));
    }

    [Theory]
    [InlineData("/tmp/evil/chunk.ts")]
    [InlineData("{root}/../escaped.ts")]
    [InlineData("{root}-evil/chunk.ts")]
    public async Task TheChunkEncodeGrain_RefusesAnOutputOutsideItsWorkRoot_BeforeAnyEncode(string path)
    {
        var output = path.Replace("{root}", fixture.WorkRoot);
        var job = $"job-{Guid.NewGuid():N}"[..12];
        var work = new ChunkWork(job, "/nonexistent/source.mp4", new Chunk(0, TimeSpan.Zero, TimeSpan.FromSeconds(2)), new Rendition("360p", 640, 360, 800), 25, output);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<IChunkEncodeGrain>(work.Key).Encode(work));

        Assert.Contains(output, e.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task TheChunkEncodeGrain_RefusesSharedFramesOutsideItsWorkRoot()
    {
        var job = $"job-{Guid.NewGuid():N}"[..12];
        var work = new ChunkWork(job, "/nonexistent/source.mp4", new Chunk(0, TimeSpan.Zero, TimeSpan.FromSeconds(2)), new Rendition("360p", 640, 360, 800), 25,
            Path.Combine(fixture.WorkRoot, job, "360p", "chunk-0000.ts"), new SharedFrames("/tmp/frames.nut", 1, 1000));

        var e = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<IChunkEncodeGrain>(work.Key).Encode(work));

        Assert.Contains("/tmp/frames.nut", e.Message);
    }
}
