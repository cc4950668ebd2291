using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Media;

public sealed class LadderAndChunkPlanTests
{
    [Fact]
    public void Ladder_IsCappedAtTheSourceResolution_AndKeepsItsAspect()
    {
        Assert.Equal(["1080p", "720p", "480p", "360p", "240p", "144p"], Ladder.For(1920, 1080).Select(r => r.Name));
        var small = Ladder.For(640, 360);
        Assert.Equal([(640, 360, 800), (426, 240, 400), (256, 144, 120)], small.Select(r => (r.Width, r.Height, r.VideoKbps)));
        Assert.Equal([(854, 480)], Ladder.For(1280, 720).Where(r => r.Height == 480).Select(r => (r.Width, r.Height)));
    }

    [Fact]
    public void Ladder_ForASourceBelowTheLowestRung_IsOneRungAtItsOwnSize()
    {
        var rung = Assert.Single(Ladder.For(192, 108));
        Assert.Equal(("108p", 192, 108, 120), (rung.Name, rung.Width, rung.Height, rung.VideoKbps));
    }

    [Theory]
    [InlineData(1080, 128)]
    [InlineData(720, 128)]
    [InlineData(480, 64)]
    [InlineData(240, 64)]
    [InlineData(144, 32)]
    public void EachRendition_PlaysWithAnAudioBitrateForItsSize(int height, int kbps) => Assert.Equal(kbps, AudioPairing.KbpsFor(height, AudioPairing.Kbps));

    [Fact]
    public void ATitleWithTwoAudioBitrates_PairsTheLowerWithEveryRenditionUnder720p()
    {
        Assert.Equal([128, 64, 64], new[] { 720, 480, 144 }.Select(h => AudioPairing.KbpsFor(h, [128, 64])));
        Assert.Equal(96, AudioPairing.KbpsFor(144, [96]));
    }

    [Fact]
    public void Chunks_StartOnSegmentBoundaries_AndCoverTheWholeSource()
    {
        var chunks = ChunkPlan.Split(TimeSpan.FromSeconds(21), TimeSpan.FromSeconds(4), segmentsPerChunk: 2);

        Assert.Equal([0.0, 8, 16], chunks.Select(c => c.Start.TotalSeconds));
        Assert.Equal([8.0, 8, 5], chunks.Select(c => c.Duration.TotalSeconds));
        Assert.All(chunks, c => Assert.Equal(0, c.Start.TotalSeconds % 4));
        Assert.Equal(TimeSpan.FromSeconds(21), chunks[^1].End);
        Assert.Throws<ArgumentException>(() => ChunkPlan.Split(TimeSpan.Zero, TimeSpan.FromSeconds(4), 2));
    }
}
