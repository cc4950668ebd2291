using System.Security.Cryptography;
using Orleans.Netflix.Catalog;
using Orleans.Netflix.Client.Seeding;
using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// A real ingest on the two-silo cluster of a source whose colour changes every 2 s: the published title has a
/// trick-play track in its index, its VTT and sheet are published and indexed (SHA-256) like segments, and the tile
/// each cue names is the source's frame at the cue's start, clearly unlike the frames around it.
/// </summary>
public sealed class TrickPlayIngestTests(IngestClusterFixture fixture) : IClassFixture<IngestClusterFixture>
{
    [Fact]
    public async Task TheTileForEachPosition_IsTheSourcesFrameThere_AndEverythingIsIndexed()
    {
        var source = fixture.In($"colours-{Guid.NewGuid():N}.mp4");
        await TrickPlaySources.WriteAsync(source, colours: 5); // 10 s: tiles at 0, 4 and 8 s, the last interval partial
        var titleId = $"t-tp-{Guid.NewGuid():N}"[..16];
        var template = new CatalogGenerator(5).Titles(1)[0];
        await fixture.Client.GetGrain<ITitleGrain>(titleId).Upsert(template.Metadata, template.Artwork, 1);

        var job = fixture.Client.GetGrain<IIngestJobGrain>($"job-{titleId}");
        var status = await job.Start(new IngestRequest(titleId, source, [], []));
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!status.Finished && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            status = (await job.Status())!;
        }
        Assert.True(status.Stage == IngestStage.Ready, $"{status.Stage}: {status.Error}");

        var assets = (await fixture.Client.GetGrain<ITitleAssetsGrain>(titleId).Get())!;
        var track = assets.TrickPlay;
        Assert.NotNull(track);
        Assert.Equal(("trickplay/thumbnails.vtt", 4.0, 240, 136, 10, 10, 3, 1),
            (track.Vtt, track.IntervalSeconds, track.TileWidth, track.TileHeight, track.Columns, track.Rows, track.Count, track.Sheets));
        var folder = Path.Combine(fixture.OriginRoot, assets.Folder(), TrickPlayMaker.Folder);
        var thumbnails = assets.Files.Where(f => f.Path.StartsWith(assets.Folder() + "trickplay/", StringComparison.Ordinal)).Select(f => f.Path[assets.Folder().Length..]);
        Assert.Equal(["trickplay/sheet-001.jpg", "trickplay/thumbnails.vtt"], thumbnails.Order(StringComparer.Ordinal));
        foreach (var file in assets.Files.Where(f => f.Path.Contains("/trickplay/", StringComparison.Ordinal)))
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(fixture.OriginRoot, file.Path)))));

        var cues = TrickPlayVtt.Parse(await File.ReadAllTextAsync(Path.Combine(fixture.OriginRoot, assets.Folder() + track.Vtt)));
        Assert.Equal([(0.0, 4.0), (4, 8), (8, 10)], cues.Select(c => (c.Start.TotalSeconds, c.End.TotalSeconds)));
        Assert.Equal([(0, 0), (240, 0), (480, 0)], cues.Select(c => (c.X, c.Y)));
        foreach (var position in new[] { 0.0, 3.2, 4.0, 7.99, 8.0, 9.9 })
        {
            // The tile a player shows for this position is the source's frame at the start of the position's interval...
            var cue = TrickPlayVtt.At(cues, TimeSpan.FromSeconds(position))!;
            var start = cue.Start.TotalSeconds;
            Assert.Equal(Math.Floor(position / 4) * 4, start);
            var tile = await TrickPlaySources.TileAsync(folder, cue);
            var same = TrickPlaySources.MeanAbsoluteDifference(tile, await TrickPlaySources.FrameAsync(source, start, cue.Width, cue.Height));
            Assert.True(same < 10, $"the tile for {position} s differs from the source's frame at {start} s by {same:0.0}");
            // ... and clearly not the frame just before it, nor the one half an interval on (what fps=1/4 would pick).
            foreach (var other in new[] { start - 1.0 / TrickPlaySources.FrameRate, start + 2 }.Where(t => t is >= 0 and < 10))
            {
                var difference = TrickPlaySources.MeanAbsoluteDifference(tile, await TrickPlaySources.FrameAsync(source, other, cue.Width, cue.Height));
                Assert.True(difference > 4 * same && difference > 40, $"the tile for {position} s is {difference:0.0} from the frame at {other:0.00} s and {same:0.0} from its own");
            }
        }
    }
}
