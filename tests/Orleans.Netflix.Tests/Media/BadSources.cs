using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// A folder of small sources made with ffmpeg once per test run: one good, and one for each way a
/// studio delivery goes wrong. 320x180, a few seconds each.
/// </summary>
public sealed class BadSources : IAsyncLifetime
{
    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"netflix-sources-{Guid.NewGuid():N}");

    public string Path(string name) => System.IO.Path.Combine(Folder, name);

    private const string Tone = "sine=frequency=440:sample_rate=48000";
    private static readonly string[] H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"];
    private static readonly string[] Aac = ["-c:a", "aac", "-b:a", "64k"];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        await Task.WhenAll(
            Video("good.mp4", "testsrc2=size=320x180:rate=25", 6),
            Video("no-audio.mp4", "testsrc2=size=320x180:rate=25", 4, audio: false),
            Video("black.mp4", "color=black:size=320x180:rate=25", 10),
            Video("tiny.mp4", "testsrc2=size=96x54:rate=25", 4),
            Video("slow.mp4", "testsrc2=size=320x180:rate=5", 4),
            Video("short.mp4", "testsrc2=size=320x180:rate=25", 0.5),
            FfmpegTool.RunAsync(["-f", "lavfi", "-i", $"{Tone}:duration=5", .. Aac, Path("audio-only.m4a")]),
            // One picture held for 8 s: a frozen stretch.
            FfmpegTool.RunAsync(["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=8", "-f", "lavfi", "-i", $"{Tone}:duration=8",
                "-vf", "trim=end_frame=1,loop=loop=-1:size=1,setpts=N/25/TB", "-t", "8", .. H264, .. Aac, "-shortest", Path("frozen.mp4")]),
            // 10 s of a near-black scene with one lit object (4 % of the picture) moving across it: dark, not black.
            FfmpegTool.RunAsync(["-f", "lavfi", "-i", "color=c=0x101010:s=320x180:r=25:d=10[bg];color=c=white:s=64x36:r=25:d=10[box];[bg][box]overlay=x=t*20:y=72",
                "-f", "lavfi", "-i", $"{Tone}:duration=10", .. H264, .. Aac, "-shortest", Path("dark.mp4")]),
            // Frames 50-99 dropped from the middle, the timestamps of the rest kept: a 2 s hole.
            FfmpegTool.RunAsync(["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=6", "-f", "lavfi", "-i", $"{Tone}:duration=6",
                "-vf", "select='not(between(n\\,50\\,99))'", "-fps_mode", "passthrough", .. H264, .. Aac, Path("gap.mp4")]),
            Video("for-corruption.ts", "testsrc2=size=320x180:rate=25", 6));

        await File.WriteAllBytesAsync(Path("zero.mp4"), []);
        var noise = new byte[256 * 1024];
        new Random(1).NextBytes(noise);
        await File.WriteAllBytesAsync(Path("random.mp4"), noise);
        var good = await File.ReadAllBytesAsync(Path("good.mp4"));
        await File.WriteAllBytesAsync(Path("truncated.mp4"), good[..(good.Length / 3)]);

        // Overwrite a stretch in the middle of a transport stream: it still opens, but a stretch of its frames is gone.
        var ts = await File.ReadAllBytesAsync(Path("for-corruption.ts"));
        var garbage = new byte[ts.Length / 5];
        new Random(2).NextBytes(garbage);
        for (var i = 0; i < garbage.Length; i += 188) garbage[i] = 0x47; // keep TS sync bytes so the demuxer carries on
        garbage.CopyTo(ts, ts.Length * 2 / 5);
        await File.WriteAllBytesAsync(Path("corrupt.ts"), ts);
    }

    private Task Video(string name, string lavfi, double seconds, bool audio = true)
    {
        var d = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = audio
            ? ["-f", "lavfi", "-i", $"{lavfi}:duration={d}", "-f", "lavfi", "-i", $"{Tone}:duration={d}", .. H264, .. Aac, "-shortest", Path(name)]
            : ["-f", "lavfi", "-i", $"{lavfi}:duration={d}", .. H264, Path(name)];
        return FfmpegTool.RunAsync(args);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }
}
