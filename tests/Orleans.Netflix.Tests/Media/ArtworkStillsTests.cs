using System.Diagnostics;
using Orleans.Netflix.Grains.Media.Pictures;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>Artwork cut from the title's own frames: never a black or blurred frame, never the same picture twice.</summary>
public sealed class ArtworkStillsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"netflix-stills-{Guid.NewGuid():N}");

    public ArtworkStillsTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AStretchOfBlack_AndOneOfBlur_YieldNoStill_AndTheStillsDifferFromEachOther()
    {
        // 0-8 s a sharp pattern, 8-16 s black, 16-24 s the pattern heavily blurred, 24-32 s another sharp scene, 32-40 s bars.
        var source = Path.Combine(_root, "source.mp4");
        await FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=8",
            "-f", "lavfi", "-i", "color=c=black:size=640x360:rate=25:duration=8",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=8,boxblur=luma_radius=24:luma_power=3:chroma_radius=12:chroma_power=3",
            "-f", "lavfi", "-t", "8", "-i", "mandelbrot=size=640x360:rate=25",
            "-f", "lavfi", "-i", "smptehdbars=size=640x360:rate=25:duration=8",
            "-filter_complex", "[0:v][1:v][2:v][3:v][4:v]concat=n=5:v=1:a=0,format=yuv420p[v]", "-map", "[v]",
            "-c:v", "libx264", "-preset", "ultrafast", source);
        var title = Path.Combine(_root, "title");

        var stills = await ArtworkStills.MakeAsync(source, 640, 360, TimeSpan.FromSeconds(40), title, Path.Combine(title, "artwork"), CancellationToken.None);

        Assert.InRange(stills.Length, 3, ArtworkStills.Count);
        Assert.All(stills, s => Assert.False(s.AtSeconds is >= 8 and < 24, $"a still at {s.AtSeconds} s is from the black or the blurred stretch"));
        Assert.Contains(stills, s => s.AtSeconds < 8);
        Assert.Contains(stills, s => s.AtSeconds >= 24);
        Assert.All(stills, s =>
        {
            Assert.Equal("frame", s.Tags[0]);
            Assert.Equal(5, s.Tags.Length);
            Assert.Matches(@"^artwork/still-\d\d-poster\.jpg$", s.Poster);
        });
        foreach (var still in stills)
        {
            Assert.Equal((StillWriter.PosterWidth, StillWriter.PosterHeight), await SizeOf(Path.Combine(title, still.Poster)));
            Assert.Equal((StillWriter.LandscapeWidth, StillWriter.LandscapeHeight), await SizeOf(Path.Combine(title, still.Landscape)));
        }
        var pictures = await Task.WhenAll(stills.Select(s => GreyAsync(Path.Combine(title, s.Landscape))));
        for (var i = 0; i < pictures.Length; i++)
            for (var j = i + 1; j < pictures.Length; j++)
                Assert.True(Difference(pictures[i], pictures[j]) > StillChoice.DuplicateDifference / 2,
                    $"stills at {stills[i].AtSeconds} s and {stills[j].AtSeconds} s are nearly the same picture");
    }

    [Fact]
    public void BlackBlurredAndDuplicateCandidates_AreSkipped_AndStillsStandApartInTime()
    {
        var sharp = Measures(luma: 120, sharpness: 900, signature: 10);
        Candidate[] candidates =
        [
            new(0, Measures(luma: 5, sharpness: 2000, signature: 0), 0),      // black however sharp
            new(10, sharp, 0),
            new(11, sharp with { Sharpness = 950 }, 0),                        // same scene a second later
            new(20, Measures(luma: 120, sharpness: 30, signature: 90), 0),    // blurred: far below the title's median
            new(30, sharp with { Signature = Enumerable.Repeat((byte)12, 144).ToArray() }, 0), // looks like the one at 10 s
            new(40, Measures(luma: 140, sharpness: 800, signature: 200), 0),
        ];

        var picked = StillChoice.Pick(candidates, 6, 60);

        Assert.Equal([11.0, 40.0], picked.Select(c => c.AtSeconds));
        Assert.Equal(Skipped.Black, StillChoice.Reject(candidates[0], 900));
        Assert.Equal(Skipped.Blurred, StillChoice.Reject(candidates[3], 900));
    }

    [Theory]
    [InlineData(1920, 1080, 2.0 / 3.0, 0.5, "720:1080:600:0")]
    [InlineData(1920, 1080, 2.0 / 3.0, 0.0, "720:1080:0:0")]
    [InlineData(1920, 1080, 2.0 / 3.0, 1.0, "720:1080:1200:0")]
    [InlineData(1920, 1080, 16.0 / 9.0, 0.5, "1920:1080:0:0")]
    [InlineData(1440, 1080, 16.0 / 9.0, 0.5, "1440:810:0:134")]
    public void Crops_TakeTheLargestWindowOfTheShape_AroundTheDetail(int width, int height, double aspect, double centre, string expected) =>
        Assert.Equal(expected, StillWriter.Crop(width, height, aspect, centre));

    private static FrameMeasures Measures(double luma, double sharpness, byte signature) =>
        new(luma, sharpness, 0, 0.2, 40, Enumerable.Repeat(signature, FrameMeasures.SignatureWidth * FrameMeasures.SignatureHeight).ToArray());

    private static async Task<(int, int)> SizeOf(string image)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", image }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var parts = (await process.StandardOutput.ReadToEndAsync()).Trim().Split(',');
        await process.WaitForExitAsync();
        return (int.Parse(parts[0]), int.Parse(parts[1]));
    }

    private async Task<byte[]> GreyAsync(string image)
    {
        var raw = Path.Combine(_root, $"{Guid.NewGuid():N}.gray");
        await FfmpegTool.RunAsync("-i", image, "-vf", "scale=32:18,format=gray", "-f", "rawvideo", raw);
        return await File.ReadAllBytesAsync(raw);
    }

    private static double Difference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
}
