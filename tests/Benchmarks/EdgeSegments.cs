using System.Security.Cryptography;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The files every server serves: a title published to origin storage and indexed the way an ingest publishes one,
/// with two classes of segments of fixed sizes (random bytes: nothing here compresses or depends on the content),
/// so each size is timed on its own. 1.5 MB is a 4 s segment of a 3 Mb/s rendition, 200 kB one of a 400 kb/s one.
/// </summary>
public static class EdgeSegments
{
    public const string TitleId = "t-edge-bench";

    public static readonly IReadOnlyList<SegmentClass> Classes =
    [
        new("1.5 MB", "large", 1_500_000, 16),
        new("200 kB", "small", 200_000, 64),
    ];

    public static async Task<(string Folder, IReadOnlyDictionary<SegmentClass, IReadOnlyList<AssetFile>> Files)> PublishAsync(
        IGrainFactory grains, string originRoot, CancellationToken cancellationToken)
    {
        const string job = "job-bench";
        var staging = OriginPublisher.StagingFolder(originRoot, TitleId, job);
        foreach (var segments in Classes)
        {
            Directory.CreateDirectory(Path.Combine(staging, segments.Folder));
            for (var i = 0; i < segments.Count; i++)
                await File.WriteAllBytesAsync(Path.Combine(staging, segments.Folder, $"seg-{i:00000}.m4s"), RandomNumberGenerator.GetBytes(segments.Bytes), cancellationToken);
        }
        await File.WriteAllTextAsync(Path.Combine(staging, "master.m3u8"), "#EXTM3U\n", cancellationToken);
        var (folder, indexed) = await OriginPublisher.PublishAsync(originRoot, TitleId, job, staging, cancellationToken);
        var master = Path.GetRelativePath(originRoot, Path.Combine(folder, "master.m3u8")).Replace('\\', '/');
        await grains.GetGrain<ITitleAssetsGrain>(TitleId).Publish(new TitleAssets(TitleId, job, master, [], [], [], indexed, DateTimeOffset.UtcNow));
        var prefix = master[..(master.LastIndexOf('/') + 1)];
        var files = Classes.ToDictionary(c => c, c => (IReadOnlyList<AssetFile>)[.. indexed.Where(f => f.Path.StartsWith($"{prefix}{c.Folder}/", StringComparison.Ordinal))]);
        return (prefix, files);
    }
}

/// <summary>One size of segment: its label, folder, size and how many files of it.</summary>
public sealed record SegmentClass(string Label, string Folder, int Bytes, int Count);
