using Orleans.Netflix.Grains.Media;

namespace Orleans.Netflix.Tests.Media;

/// <summary>ffmpeg's log, as ffmpeg writes it when it fails, turned into the one line a member of staff reads.</summary>
public sealed class FfmpegFailureTests
{
    [Theory]
    [InlineData("the disk is full (no space left on device)",
        "[mpegts @ 0x55d0c0a1b2c0] Error writing trailer of /work/j/360p/chunk-0003.ts.partial: No space left on device", "Conversion failed!")]
    [InlineData("a file is missing: /in/studio.mp4: No such file or directory", "/in/studio.mp4: No such file or directory")]
    [InlineData("the source is cut short", "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x5612] stream 1, offset 0x6c2fd: partial file", "Error while decoding stream #0:0")]
    [InlineData("ffmpeg failed: [libx264] width not divisible by 2 (427x240)",
        "frame=    0 fps=0.0 q=0.0 size=       0kB", "[libx264 @ 0x5590] width not divisible by 2 (427x240)", "Conversion failed!")]
    public void TheLog_BecomesOneShortReason_WithoutFfmpegsAddresses(string reason, params string[] log)
    {
        var failure = FfmpegFailure.Of("encoding chunk 3 360p", log);

        Assert.Equal($"encoding chunk 3 360p: {reason}", failure.Message);
        Assert.Equal(string.Join('\n', log), failure.Log); // kept whole for the job's log file
    }

    [Fact]
    public void AnEndlessLine_IsShortened()
    {
        var failure = FfmpegFailure.Of("packaging", [new string('x', 1000)]);

        Assert.True(failure.Message.Length < 200);
        Assert.EndsWith("...", failure.Message);
    }
}
