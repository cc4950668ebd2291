using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Media;

/// <summary>The checks that run before any encode: a file cut short or unreadable in places, audio against picture.</summary>
public sealed class SourceIntegrityTests(DamagedSources sources) : IClassFixture<DamagedSources>
{
    private readonly SourceValidator _validator = new();
    private static readonly SourceValidationOptions Defaults = new();

    private Task<SourceReport> Validate(string name, params TrackInput[] audio) =>
        _validator.ValidateAsync(sources.Path(name), Defaults, CancellationToken.None, audio);

    public static TheoryData<string> Layouts() => [.. DamagedSources.Layouts];

    public static TheoryData<string, string> Cuts()
    {
        var cuts = new TheoryData<string, string>();
        foreach (var layout in DamagedSources.Layouts)
        {
            foreach (var cut in DamagedSources.Cuts) cuts.Add(layout, cut);
        }
        return cuts;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task AWholeFile_InEveryLayout_IsAccepted(string layout)
    {
        var report = await Validate(layout);

        Assert.True(report.Accepted, string.Join("; ", report.Rejections));
    }

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task AFileCutShort_InEveryLayout_AtEveryPoint_IsRejectedAsTruncated(string layout, string cut)
    {
        var report = await Validate(DamagedSources.Cut(layout, cut));

        var rejection = Assert.Single(report.Rejections);
        Assert.Equal(SourceProblem.Truncated, rejection.Problem);
        Assert.StartsWith("the file is cut short: ", rejection.Detail);
        Assert.EndsWith("deliver the complete file", rejection.Detail);
        Assert.DoesNotContain('\n', rejection.Detail);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task AFileWithGarbageMidFile_InEveryLayout_IsRejectedAsUnreadable(string layout)
    {
        var report = await Validate(DamagedSources.Garbled(layout));

        var rejection = Assert.Single(report.Rejections);
        Assert.Equal(SourceProblem.Corrupt, rejection.Problem);
        Assert.Contains("read error(s)", rejection.Detail);
        Assert.DoesNotContain(" @ 0x", rejection.Detail); // ffmpeg's context addresses mean nothing to a studio
        Assert.DoesNotContain('\n', rejection.Detail);
    }

    [Fact]
    public async Task GarbageInsideOneFrame_PassesTheScan_AndIsFoundByTheFullDecode()
    {
        var scan = await _validator.CheckIntegrityAsync(sources.Path("frame-damage.mp4"), (await _validator.ProbeAsync(sources.Path("frame-damage.mp4"), Defaults, CancellationToken.None)).Info!,
            [], Defaults, CancellationToken.None);
        var report = await Validate("frame-damage.mp4");

        Assert.Empty(scan);
        Assert.Equal(SourceProblem.DecodeErrors, Assert.Single(report.Rejections).Problem);
    }

    [Theory]
    [InlineData("short-audio.mp4", SourceProblem.AudioEndsEarly, "the audio ends 2.9", "before the picture (5")]
    [InlineData("late-audio.mp4", SourceProblem.AudioStartsLate, "the audio starts 2.9", "after the picture")]
    [InlineData("long-audio.mp4", SourceProblem.AudioVideoLengths, "the audio is 8", "long and the picture 5")]
    public async Task AudioThatDoesNotCoverThePicture_IsRejected_SayingByHowMuch(string name, SourceProblem expected, string starts, string says)
    {
        var rejection = Assert.Single((await Validate(name)).Rejections);

        Assert.Equal(expected, rejection.Problem);
        Assert.StartsWith(starts, rejection.Detail);
        Assert.Contains(says, rejection.Detail);
        Assert.Contains("(at most 1 s allowed)", rejection.Detail);
    }

    [Fact]
    public async Task AudioWithinTheTolerance_IsAccepted()
    {
        var report = await Validate("nearly-even.mp4"); // 0.6 s short of 8 s: under max(1 s, 2 %)

        Assert.True(report.Accepted, string.Join("; ", report.Rejections));
    }

    [Fact]
    public async Task ASeparateAudioFile_IsCheckedAgainstThePicture_ByItsName()
    {
        var rejection = Assert.Single((await Validate("front.mp4", new TrackInput("es", sources.Path("three-seconds.m4a")))).Rejections);

        Assert.Equal(SourceProblem.AudioEndsEarly, rejection.Problem);
        Assert.StartsWith("the audio for 'es' (three-seconds.m4a) ends 2.9", rejection.Detail);
        Assert.Contains("before the picture", rejection.Detail);
    }

    [Fact]
    public void TheTolerance_IsOneSecond_OrTwoPercentOfALongPicture()
    {
        Assert.Equal(1, SourceIntegrity.Tolerance(10, Defaults));
        Assert.Equal(1, SourceIntegrity.Tolerance(50, Defaults));
        Assert.Equal(72, SourceIntegrity.Tolerance(3600, Defaults), precision: 6);
    }
}
