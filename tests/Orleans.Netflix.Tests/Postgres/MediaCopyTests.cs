using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Hosting;
using Orleans.Netflix.Media;
using Orleans.Netflix.Regions;
using Orleans.Netflix.Silo.Origin;
using Orleans.Netflix.Tests.Edge;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Postgres;

/// <summary>
/// Media published in one region is copied into every other region's origin storage, each file checked against the
/// index's SHA-256 before the copy counts; a copy that does not match is never served and is tried again.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MediaCopyTests(PostgresFixture fixture) : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"netflix-copies-{Guid.NewGuid():N}");
    private readonly Dictionary<string, OriginServer> _origins = new(StringComparer.Ordinal);
    private RegionClusters? _regions;

    private RegionClusters Regions => _regions!;

    private string OriginRoot(string region) => Path.Combine(_root, region, "origin");

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Netflix:Copies:SyncEvery"] = "00:00:00.300",
            ["Netflix:Copies:RetryFailedAfter"] = "00:00:01",
        };
        foreach (var region in NetflixRegions.Shipped.All.Select(r => r.Name))
        {
            var port = FreePort.Next();
            var origin = new OriginServer(IPAddress.Loopback, port, Options.Create(new IngestOptions { OriginRoot = OriginRoot(region) }),
                TierKey.FromSetting(null), NullLogger<OriginServer>.Instance);
            await origin.StartAsync(CancellationToken.None);
            _origins[region] = origin;
            settings[$"Netflix:Copies:Origins:{region}:0"] = $"http://127.0.0.1:{port}/origin/";
        }
        _regions = await RegionClusters.CreateAsync(fixture, "copies", settings);
        foreach (var region in NetflixRegions.Shipped.All.Select(r => r.Name))
            await _regions.StartAsync(region, regionSettings: new Dictionary<string, string?> { ["Netflix:Ingest:OriginRoot"] = OriginRoot(region) });
    }

    public async Task DisposeAsync()
    {
        if (_regions is not null) await _regions.DisposeAsync();
        foreach (var origin in _origins.Values) await origin.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task MediaPublishedInOneRegion_IsCopiedIntoEveryOther_ByteForByte()
    {
        var files = Files(segments: 6);
        var assets = await EdgeClusterFixture.PublishAsync(Regions["us-east"].Client, OriginRoot("us-east"), "t-copy", files);

        var placement = await PlayableEverywhereAsync("t-copy");
        Assert.Equal([null, "us-east", "us-east"], placement.Select(r => r.Holding!.CopiedFrom));
        Assert.All(placement, r => Assert.Equal((assets.Files.Length, assets.Files.Sum(f => f.Bytes)), (r.Holding!.Files, r.Holding.Bytes)));
        foreach (var region in new[] { "us-west", "eu-west" })
        {
            foreach (var file in assets.Files)
                Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(OriginRoot(region), file.Path)))));
            Assert.Empty(Directory.GetDirectories(Path.Combine(OriginRoot(region), "titles", "t-copy"), ".copy-*"));
        }
    }

    [Fact]
    public async Task ACopyWhoseBytesDoNotMatchTheIndex_FailsWithTheReason_ServesNothing_AndIsTriedAgain()
    {
        var files = Files(segments: 4);
        var assets = await EdgeClusterFixture.PublishAsync(Regions["us-east"].Client, OriginRoot("us-east"), "t-bad", files);
        // The origin's copy of one segment goes bad after publishing: same size, different bytes.
        var damaged = assets.Files.First(f => f.Path.EndsWith("seg-2.m4s", StringComparison.Ordinal));
        var path = Path.Combine(OriginRoot("us-east"), damaged.Path);
        var good = await File.ReadAllBytesAsync(path);
        var bad = (byte[])good.Clone();
        bad[100] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bad);

        var titles = Regions["us-west"].Client.GetGrain<ITitleAssetsGrain>("t-bad");
        await Eventually.TrueAsync(async () => (await titles.Placement()).Single(r => r.Region == "us-west").Status == RegionMediaStatus.Failed, seconds: 30);
        var failed = (await titles.Placement()).Single(r => r.Region == "us-west");
        Assert.Contains("seg-2.m4s", failed.Holding!.Error);
        Assert.Contains("SHA-256", failed.Holding.Error);
        Assert.Contains("copy failed", failed.Describe());
        Assert.False(Directory.Exists(Path.Combine(OriginRoot("us-west"), "titles", "t-bad", "job-1")), "a copy that failed must not be published");

        // Mended at the source: the next try succeeds.
        await File.WriteAllBytesAsync(path, good);
        await PlayableEverywhereAsync("t-bad");
    }

    [Fact]
    public async Task AnIndexWithAFileOutsideTheTitlesFolder_IsRefused()
    {
        var assets = await EdgeClusterFixture.PublishAsync(Regions["us-east"].Client, OriginRoot("us-east"), "t-escape", Files(segments: 1));
        var escaping = assets with { Files = [.. assets.Files, new AssetFile("titles/t-escape/job-1/../../../etc/passwd", 10, 0, new string('0', 64))] };
        await Assert.ThrowsAsync<ArgumentException>(() => Regions["us-east"].Client.GetGrain<ITitleAssetsGrain>("t-escape").Publish(escaping));
        var elsewhere = assets with { Files = [.. assets.Files, new AssetFile("titles/t-other/job-1/seg-1.m4s", 10, 0, new string('0', 64))] };
        await Assert.ThrowsAsync<ArgumentException>(() => Regions["us-east"].Client.GetGrain<ITitleAssetsGrain>("t-escape").Publish(elsewhere));
    }

    private async Task<RegionMedia[]> PlayableEverywhereAsync(string titleId)
    {
        var titles = Regions["eu-west"].Client.GetGrain<ITitleAssetsGrain>(titleId);
        RegionMedia[] placement = [];
        await Eventually.TrueAsync(async () => (placement = await titles.Placement()).All(r => r.Status == RegionMediaStatus.Playable), seconds: 30);
        return placement;
    }

    private static Dictionary<string, byte[]> Files(int segments)
    {
        var files = new Dictionary<string, byte[]> { ["master.m3u8"] = "#EXTM3U\n"u8.ToArray(), ["video-360p/init.mp4"] = RandomNumberGenerator.GetBytes(900) };
        for (var i = 1; i <= segments; i++) files[$"video-360p/seg-{i}.m4s"] = RandomNumberGenerator.GetBytes(150_000);
        return files;
    }
}
