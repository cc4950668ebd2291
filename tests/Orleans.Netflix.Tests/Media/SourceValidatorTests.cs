using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Tests.Media;

public sealed class SourceValidatorTests(BadSources sources) : IClassFixture<BadSources>
{
    private readonly SourceValidator _validator = new();
    private static readonly SourceValidationOptions Defaults = new();

    private Task<SourceReport> Validate(string name, SourceValidationOptions? options = null) =>
        _validator.ValidateAsync(sources.Path(name), options ?? Defaults, CancellationToken.None);

    [Fact]
    public async Task AGoodSource_IsAccepted_WithWhatItHolds()
    {
        var report = await Validate("good.mp4");

        Assert.True(report.Accepted, string.Join("; ", report.Rejections));
        Assert.NotNull(report.Info);
        Assert.Equal((320, 180), (report.Info.Width, report.Info.Height));
        Assert.Equal(25, report.Info.FrameRate, precision: 1);
        Assert.InRange(report.Info.Duration.TotalSeconds, 5.9, 6.1);
        Assert.Equal("h264", report.Info.VideoCodec);
        Assert.Equal(1, report.Info.AudioStreams);
    }

    [Theory]
    [InlineData("zero.mp4", SourceProblem.Empty)]
    [InlineData("random.mp4", SourceProblem.NotReadable)]
    [InlineData("truncated.mp4", SourceProblem.Truncated)]
    [InlineData("does-not-exist.mp4", SourceProblem.Missing)]
    [InlineData("audio-only.m4a", SourceProblem.NoVideo)]
    [InlineData("no-audio.mp4", SourceProblem.NoAudio)]
    [InlineData("short.mp4", SourceProblem.TooShort)]
    [InlineData("tiny.mp4", SourceProblem.ResolutionOutOfBounds)]
    [InlineData("slow.mp4", SourceProblem.FrameRateOutOfBounds)]
    [InlineData("gap.mp4", SourceProblem.MissingFrames)]
    [InlineData("black.mp4", SourceProblem.BlackStretch)]
    [InlineData("frozen.mp4", SourceProblem.FrozenStretch)]
    [InlineData("corrupt.ts", SourceProblem.MissingFrames)] // the demuxer skips the garbage: a hole in the timestamps, found before any encode
    public async Task EachBadSource_IsRejected_WithItsReason(string name, SourceProblem expected)
    {
        var report = await Validate(name);

        Assert.False(report.Accepted);
        var rejection = Assert.Single(report.Rejections, r => r.Problem == expected);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Detail));
    }

    [Fact]
    public async Task ADarkSceneWithALitObject_IsNotABlackStretch()
    {
        var report = await Validate("dark.mp4");

        Assert.True(report.Accepted, string.Join("; ", report.Rejections));
    }

    [Fact]
    public async Task MissingFrames_SaysHowManyAndWhere()
    {
        var gap = Assert.Single((await Validate("gap.mp4")).Rejections, r => r.Problem == SourceProblem.MissingFrames);
        Assert.Contains("about 50 frame(s) missing", gap.Detail);
        Assert.Contains("first after 1.96 s", gap.Detail);
    }

    [Fact]
    public async Task Limits_AreConfigurable()
    {
        var lenient = new SourceValidationOptions { MaxBlack = TimeSpan.FromSeconds(30), MaxFrozen = TimeSpan.FromSeconds(30), RequireAudio = false };

        Assert.True((await Validate("black.mp4", lenient)).Accepted);
        Assert.True((await Validate("no-audio.mp4", lenient)).Accepted);
    }
}
