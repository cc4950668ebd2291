using Orleans.Netflix.Client.Playback;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Playback;

/// <summary>Bandwidth traces load as published and shape downloads as the link would.</summary>
public sealed class BandwidthTraceTests
{
    [Fact]
    public void DownloadTime_IntegratesTheRatesOverTime_AndTheTraceLoops()
    {
        var trace = BandwidthTrace.Parse("t", ["0\t1", "1\t4", "2\t0", "3\t2"]); // period 4 s

        Assert.Equal(4, trace.Period);
        Assert.Equal(0.5, trace.DownloadSeconds(0, 62_500), precision: 9); // 0.5 Mbit at 1 Mbit/s
        Assert.Equal(1.5, trace.DownloadSeconds(0, 375_000), precision: 9); // 1 Mbit in the first second, 2 more at 4 Mbit/s
        Assert.Equal(2.0, trace.DownloadSeconds(1.5, 375_000), precision: 9); // 2 Mbit by 2 s, nothing until 3 s, the last Mbit at 2 Mbit/s by 3.5 s
        Assert.Equal(1, trace.MbpsAt(4.2)); // looped
        Assert.Equal(7.0 / 4, trace.MeanMbps, precision: 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0\t1")]
    [InlineData("0\t1\n0\t2")]
    [InlineData("0\tfast\n1\t2")]
    [InlineData("0\t0\n1\t0")]
    [InlineData("0\t-1\n1\t2")]
    public void AMalformedTrace_IsRefusedWithTheReason(string text)
    {
        var error = Assert.Throws<FormatException>(() => BandwidthTrace.Parse("bad.log", text.Split('\n')));
        Assert.StartsWith("bad.log", error.Message);
    }

    [Fact]
    public void EveryShippedTrace_Loads_WithBandwidth()
    {
        var folder = Path.Combine(BuiltApp.RepositoryRoot, "tests", "Traces", "train");
        var traces = Directory.GetFiles(folder).Select(BandwidthTrace.Load).ToArray();

        Assert.True(traces.Length >= 100, $"{traces.Length} traces in {folder}");
        Assert.All(traces, t => Assert.InRange(t.MeanMbps, 0.01, 100));
        Assert.All(traces, t => Assert.True(t.Period > 30, $"{t.Name} lasts {t.Period} s")); // the shortest, a ferry crossing, 38 s; it loops
    }
}
