using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Client.Playback.Abr;

namespace Orleans.Netflix.Tests.Playback;

/// <summary>The ABR benchmark's ladders (bitrate × segment length, optional scene jitter) and the playout both the player and the benchmark run.</summary>
public sealed class AbrTitleTests
{
    [Fact]
    public void ALadder_GivesEachSegmentItsBitrateTimesItsLength()
    {
        var title = AbrTitle.FromLadder([400, 800, 1500], segmentSeconds: 4, segments: 3);

        Assert.Equal(3, title.Segments);
        Assert.Equal([200_000L, 200_000, 200_000], title.SegmentBytes[0]); // 400 kb/s × 4 s = 1.6 Mbit = 200 kB
        Assert.Equal([750_000L, 750_000, 750_000], title.SegmentBytes[2]);
        Assert.Equal(1500, title.ActualKbps(2), precision: 6);
        Assert.All(title.InitBytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Jitter_ScalesEachSegmentAtEveryRenditionAlike_WithinItsBounds_AndRepeats()
    {
        var title = AbrTitle.FromLadder([400, 800], 4, segments: 200, jitter: 0.5);

        var scales = title.SegmentBytes[0].Select(b => b / 200_000.0).ToArray();
        Assert.All(scales, s => Assert.InRange(s, 0.5, 1.5));
        Assert.True(scales.Max() - scales.Min() > 0.5, "the scenes hardly vary");
        Assert.InRange(scales.Average(), 0.9, 1.1); // a busier scene as likely as a simpler one
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(2.0, title.SegmentBytes[1][i] / (double)title.SegmentBytes[0][i], precision: 4));
        Assert.Equal(title.SegmentBytes[1], AbrTitle.FromLadder([400, 800], 4, segments: 200, jitter: 0.5).SegmentBytes[1]);
    }

    [Theory]
    [InlineData(new double[0], 0.0, "at least one bitrate")]
    [InlineData(new double[] { 800, 400 }, 0.0, "must rise")]
    [InlineData(new double[] { 0, 400 }, 0.0, "must be positive")]
    [InlineData(new double[] { 400, 800 }, 1.0, "jitter")]
    public void ABadLadder_IsRefusedWithTheReason(double[] kbps, double jitter, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => AbrTitle.FromLadder(kbps, 4, 10, jitter));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cycling_RepeatsTheTitlesSegments()
    {
        var title = AbrTitle.FromLadder([400, 800], 4, segments: 3, jitter: 0.3).Cycled(7);
        Assert.Equal(7, title.Segments);
        Assert.Equal(title.SegmentBytes[1][0], title.SegmentBytes[1][3]);
        Assert.Equal(title.SegmentBytes[1][2], title.SegmentBytes[1][5]);
    }

    [Fact]
    public void APlayout_CountsTheStartupWait_ThenEachStall_AndWaitsAtTheMaximumBuffer()
    {
        // One 1000 kb/s rendition on a flat 1 Mbit/s link: a 500 kB segment takes 500 kB / 95 % payload = 4.21 s, plus 80 ms.
        var title = AbrTitle.FromLadder([1000], 4, segments: 3);
        var link = new SimulatedLink(BandwidthTrace.Parse("flat", ["0\t1", "1\t1"]));
        var download = Math.Ceiling(500_000 / 0.95) * 8 / 1e6 + 0.08; // the link sends whole bytes

        var playout = AbrSimulation.Play(new ThroughputRule(), title, link, maxBufferSeconds: 30);

        Assert.Equal(download, playout.StartupSeconds, precision: 9);
        Assert.Equal(2, playout.Rebuffers); // every later segment arrives after the 4 s before it has played
        Assert.Equal(2 * (download - 4), playout.StalledSeconds, precision: 9);
        Assert.Equal(12, playout.PlayedSeconds, precision: 9);
        // QoE per segment: 1 Mbit/s each, minus 4.3 per second of startup and stalls, no switches.
        Assert.Equal((3 - 4.3 * (download + 2 * (download - 4))) / 3, playout.QoePerSegment, precision: 9);

        var fast = new AbrPlayout(new ThroughputRule(), AbrTitle.FromLadder([1000], 4, segments: 20), maxBufferSeconds: 10);
        var waits = Enumerable.Range(0, 4).Select(i => fast.Downloaded(i, 0, 500_000, 0.5).WaitSeconds).ToArray();
        Assert.Equal([0, 0, 1, 3.5], waits); // 4, 7.5, 11 → 10, 13.5 → 10
        Assert.Equal(10, fast.BufferSeconds, precision: 9);
    }

    [Fact]
    public void APlayer_FetchesAnInitSegmentWhenTheRenditionChanges_AndTheAudiosInitWhenItsAudioDoes()
    {
        // Three renditions; the two lower pair with one audio track (init 300 bytes), the top with another (init 500), as under and from 720p.
        var title = AbrTitle.FromLadder([400, 800, 3000], 4, segments: 5) with { InitBytes = [10, 20, 30] };
        title = title with { AudioOf = [0, 0, 1], AudioInitBytes = [300, 500] };
        var playout = new AbrPlayout(new ThroughputRule(), title, maxBufferSeconds: 30);
        long Fetch(int segment, int choice)
        {
            var bytes = playout.BytesOf(segment, choice) - title.SegmentBytes[choice][segment];
            playout.Downloaded(segment, choice, playout.BytesOf(segment, choice), 1);
            return bytes;
        }

        Assert.Equal(10 + 300, Fetch(0, 0)); // the start: video and audio inits
        Assert.Equal(0, Fetch(1, 0));
        Assert.Equal(20, Fetch(2, 1)); // same audio: the video's init only
        Assert.Equal(30 + 500, Fetch(3, 2)); // the audio changes with the rendition
        Assert.Equal(10 + 300, Fetch(4, 0));
    }
}
