using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Grains.Media.Copies;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Media;

/// <summary>The copier's own rules, without a cluster: what is already held is not fetched again; nothing leaves the title's folder.</summary>
public sealed class OriginCopierTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"netflix-copier-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task MediaAlreadyInThisOrigin_EveryFileMatching_IsKeptWithoutAFetch()
    {
        var assets = await PublishAsync("t-here");
        var progress = new CopyProgress();
        await Copier().CopyAsync(assets, ["http://127.0.0.1:9/origin/"], progress, CancellationToken.None); // nothing listens there
        Assert.Equal((assets.Files.Length, assets.Files.Sum(f => f.Bytes)), (progress.Files, progress.Bytes));
    }

    [Fact]
    public async Task AFileThatDiffersHere_IsFetched_AndWithNoOriginAnswering_TheCopyFailsLeavingThePublishedFolderAlone()
    {
        var assets = await PublishAsync("t-differs");
        var segment = Path.Combine(_root, assets.Files[^1].Path);
        await File.WriteAllBytesAsync(segment, new byte[10]);
        var error = await Assert.ThrowsAsync<OriginCopyException>(() =>
            Copier().CopyAsync(assets, ["http://127.0.0.1:9/origin/"], new CopyProgress(), CancellationToken.None));
        Assert.Contains("127.0.0.1:9", error.Message);
        Assert.True(File.Exists(segment));
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(Path.GetDirectoryName(segment)!)!, ".copy-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AnIndexedPathOutsideTheTitlesFolder_IsRefusedBeforeAnyFetch()
    {
        var assets = await PublishAsync("t-escape");
        var escaping = assets with { Files = [new AssetFile(assets.Folder() + "../other/seg.m4s", 1, 0, new string('0', 64))] };
        var error = await Assert.ThrowsAsync<OriginCopyException>(() =>
            Copier().CopyAsync(escaping, ["http://127.0.0.1:9/origin/"], new CopyProgress(), CancellationToken.None));
        Assert.Contains("not a file inside", error.Message);
    }

    private OriginCopier Copier() => new(new HttpClient(), Options.Create(new IngestOptions { OriginRoot = _root }),
        Options.Create(new OriginCopyOptions { FileTimeout = TimeSpan.FromSeconds(2) }), NullLogger<OriginCopier>.Instance);

    private async Task<TitleAssets> PublishAsync(string titleId)
    {
        var staging = OriginPublisher.StagingFolder(_root, titleId, "job-1");
        Directory.CreateDirectory(Path.Combine(staging, "video"));
        await File.WriteAllTextAsync(Path.Combine(staging, "master.m3u8"), "#EXTM3U\n");
        await File.WriteAllBytesAsync(Path.Combine(staging, "video", "seg-1.m4s"), RandomNumberGenerator.GetBytes(5000));
        var (folder, files) = await OriginPublisher.PublishAsync(_root, titleId, "job-1", staging, CancellationToken.None);
        var master = Path.GetRelativePath(_root, Path.Combine(folder, "master.m3u8")).Replace('\\', '/');
        return new TitleAssets(titleId, "job-1", master, [], [], [], files, DateTimeOffset.UtcNow);
    }
}
