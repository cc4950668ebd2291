using FFMpegCore;
using Orleans.Netflix.Grains.Media;
using Orleans.Netflix.Media;
using Orleans.Netflix.Media.Hls;
using Orleans.Netflix.Members;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// A 10 s 640x360 source with English audio, a Spanish audio file and English SRT subtitles, encoded
/// chunk by chunk and packaged as HLS with fMP4 segments; the result is read back as a player would.
/// </summary>
public sealed class PackagingTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"netflix-package-{Guid.NewGuid():N}");
    private readonly EncodingOptions _options = new() { Segment = TimeSpan.FromSeconds(2), SegmentsPerChunk = 2 };
    private string In(string name) => Path.Combine(_folder, name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await FfmpegTool.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=10", "-f", "lavfi", "-i", "sine=frequency=440:duration=10",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", In("source.mp4"));
        await FfmpegTool.RunAsync("-f", "lavfi", "-i", "sine=frequency=660:duration=10", "-c:a", "aac", In("spanish.m4a"));
        await File.WriteAllTextAsync(In("english.srt"), "1\n00:00:01,000 --> 00:00:03,000\nHello.\n\n2\n00:00:05,000 --> 00:00:07,500\nGoodbye.\n");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Package_WritesAMasterPlaylistAndAlignedCmafRenditionsThatDecode()
    {
        var output = In("hls");
        var packager = new HlsPackager();
        var video = new List<VideoTrack>();
        foreach (var rendition in Ladder.For(640, 360))
        {
            var assembled = await EncodeAndAssemble(rendition);
            video.Add(await packager.PackageVideoAsync(assembled, rendition, 25, Path.Combine(output, $"video-{rendition.Name}"), _options, CancellationToken.None));
        }
        AudioTrack[] audio =
        [
            await packager.PackageAudioAsync(In("source.mp4"), "en", 128, true, Path.Combine(output, "audio-en-128k"), _options, CancellationToken.None),
            await packager.PackageAudioAsync(In("source.mp4"), "en", 64, true, Path.Combine(output, "audio-en-64k"), _options, CancellationToken.None),
            await packager.PackageAudioAsync(In("spanish.m4a"), "es", 128, false, Path.Combine(output, "audio-es-128k"), _options, CancellationToken.None),
            await packager.PackageAudioAsync(In("spanish.m4a"), "es", 64, false, Path.Combine(output, "audio-es-64k"), _options, CancellationToken.None),
        ];
        var subtitles = await packager.PackageSubtitlesAsync(In("english.srt"), "en", false, TimeSpan.FromSeconds(10), Path.Combine(output, "subs-en"), _options, CancellationToken.None);
        var master = HlsWriter.WriteMaster(video, audio, [subtitles]);
        await File.WriteAllTextAsync(Path.Combine(output, "master.m3u8"), master);

        Assert.Contains("#EXT-X-STREAM-INF:BANDWIDTH=", master);
        Assert.Contains("RESOLUTION=640x360,CODECS=\"avc1.64", master);
        Assert.Contains("RESOLUTION=426x240", master);
        Assert.Contains("RESOLUTION=256x144", master);
        Assert.Contains(",mp4a.40.2\",FRAME-RATE=25.000,AUDIO=\"audio-64k\",SUBTITLES=\"subs\"", master);
        Assert.Contains("TYPE=AUDIO,GROUP-ID=\"audio-128k\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,AUTOSELECT=YES", master);
        Assert.Contains("TYPE=AUDIO,GROUP-ID=\"audio-64k\",NAME=\"Spanish\",LANGUAGE=\"es\",DEFAULT=NO,AUTOSELECT=YES", master);
        Assert.Contains("TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=NO", master);
        Assert.All(video, v => Assert.True(v.PeakBitsPerSecond >= v.AverageBitsPerSecond && v.AverageBitsPerSecond > 0));

        // Every rendition: EXT-X-MAP, target duration, end list, and the same segment boundaries.
        var boundaries = new List<double[]>();
        foreach (var track in video)
        {
            var playlist = HlsParser.ParseMedia(await File.ReadAllTextAsync(Path.Combine(output, track.Playlist)));
            Assert.Equal("init.mp4", playlist.InitUri);
            Assert.Equal(2, playlist.TargetDuration);
            Assert.True(playlist.Ended);
            Assert.Equal(10, playlist.Segments.Sum(s => s.Seconds), precision: 1);
            boundaries.Add(playlist.Segments.Select(s => Math.Round(s.Seconds, 3)).ToArray());

            var decoded = await FFProbe.AnalyseAsync(Path.Combine(output, track.Playlist));
            Assert.InRange(decoded.Duration.TotalSeconds, 9.9, 10.1);
            Assert.Equal(track.Rendition.Height, decoded.PrimaryVideoStream!.Height);
        }
        Assert.All(boundaries, b => Assert.Equal(boundaries[0], b));

        var vtt = await File.ReadAllTextAsync(Path.Combine(output, "subs-en", "subtitles.vtt"));
        Assert.StartsWith("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:90000,LOCAL:00:00:00.000", vtt);
        Assert.Contains("Goodbye.", vtt);
    }

    [Fact]
    public async Task SubtitlesThatAreNotSubtitles_AreRefusedWithAReason()
    {
        await File.WriteAllBytesAsync(In("junk.srt"), [0xFF, 0x00, 0x13, 0x37]);
        var error = await Assert.ThrowsAsync<FfmpegFailure>(() =>
            new HlsPackager().PackageSubtitlesAsync(In("junk.srt"), "fr", false, TimeSpan.FromSeconds(10), In("subs-fr"), _options, CancellationToken.None));
        Assert.Contains("not SRT or WebVTT", error.Message);
        Assert.DoesNotContain('\n', error.Message); // one line; ffmpeg's own log travels apart, for the job's log file
        Assert.NotEmpty(error.Log);
    }

    [Theory]
    [InlineData(DeviceKind.Phone, PlanTier.Premium, new[] { "720p", "480p", "360p", "240p", "144p" })]
    [InlineData(DeviceKind.Tv, PlanTier.Premium, new[] { "1080p", "720p", "480p", "360p", "240p", "144p" })]
    [InlineData(DeviceKind.Tv, PlanTier.Basic, new[] { "720p", "480p", "360p", "240p", "144p" })]
    [InlineData(DeviceKind.Web, PlanTier.Standard, new[] { "1080p", "720p", "480p", "360p", "240p", "144p" })]
    public void DeviceProfilesAndPlanCaps_DecideTheRenditions(DeviceKind device, PlanTier plan, string[] expected) =>
        Assert.Equal(expected, DeviceProfiles.Allowed(Ladder.For(1920, 1080), device, Plans.CapsOf(plan)).Select(r => r.Name));

    [Fact]
    public void APlanCapIsAnEntitlement_ADeviceCeilingOnlyAPreference()
    {
        Rendition[] tallOnly = [new("2160p", 3840, 2160, 16000), new("1080p", 1920, 1080, 5000)];
        Assert.Empty(DeviceProfiles.Allowed(tallOnly, DeviceKind.Tv, Plans.CapsOf(PlanTier.Basic))); // up to 720p: nothing to play
        Assert.Equal(["1080p"], DeviceProfiles.Allowed(tallOnly, DeviceKind.Phone, Plans.CapsOf(PlanTier.Premium)).Select(r => r.Name));
    }

    private async Task<string> EncodeAndAssemble(Rendition rendition)
    {
        var assembled = In($"{rendition.Name}.ts");
        await using var target = File.Create(assembled);
        foreach (var chunk in ChunkPlan.Split(TimeSpan.FromSeconds(10), _options.Segment, _options.SegmentsPerChunk))
        {
            var encoded = await new ChunkEncoder().EncodeAsync(In("source.mp4"), chunk, rendition, 25, In($"{rendition.Name}-{chunk.Index}.ts"), _options, CancellationToken.None);
            await using var part = File.OpenRead(encoded.Path);
            await part.CopyToAsync(target);
        }
        return assembled;
    }
}
