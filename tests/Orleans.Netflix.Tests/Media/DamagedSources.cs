using System.Diagnostics;
using System.Globalization;
using Orleans.Netflix.Tests.Infrastructure;

namespace Orleans.Netflix.Tests.Media;

/// <summary>
/// Sources damaged the ways deliveries are: whole files in four layouts (MP4 with its index at the front and at
/// the end, MKV, WebM), each cut short at several points and overwritten with garbage mid-file, plus audio that
/// ends early, starts late or outlasts the picture. Made with ffmpeg and byte edits once per test run; 320x180.
/// </summary>
public sealed class DamagedSources : IAsyncLifetime
{
    public static readonly string[] Layouts = ["front.mp4", "end.mp4", "whole.mkv", "whole.webm"];

    /// <summary>Where files are cut: a share of their bytes, and "all but the last 2 KB".</summary>
    public static readonly string[] Cuts = ["30", "60", "95", "2k"];

    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"netflix-damaged-{Guid.NewGuid():N}");

    public string Path(string name) => System.IO.Path.Combine(Folder, name);

    private const string Picture = "testsrc2=size=320x180:rate=25";
    private const string Tone = "sine=frequency=440:sample_rate=48000";
    private static readonly string[] H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"];
    private static readonly string[] Aac = ["-c:a", "aac", "-b:a", "64k"];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        await Task.WhenAll(
            Make("front.mp4", [.. H264, .. Aac, "-movflags", "+faststart"]),
            Make("end.mp4", [.. H264, .. Aac]),
            Make("whole.mkv", [.. H264, .. Aac]),
            Make("whole.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", "-c:a", "libopus"]),
            // 8 s of picture; audio of 5 s; audio from 3 s to 8 s (-itsoffset); 8 s of audio under 5 s of picture;
            // audio 0.6 s short (within the 1 s tolerance).
            Av("short-audio.mp4", 8, ["-t", "5"]),
            Av("late-audio.mp4", 8, ["-itsoffset", "3", "-t", "5"]),
            Av("long-audio.mp4", 5, ["-t", "8"]),
            Av("nearly-even.mp4", 8, ["-t", "7.4"]),
            FfmpegTool.RunAsync(["-f", "lavfi", "-i", $"{Tone}:duration=3", .. Aac, Path("three-seconds.m4a")]));

        foreach (var layout in Layouts)
        {
            var bytes = await File.ReadAllBytesAsync(Path(layout));
            foreach (var cut in Cuts)
            {
                var keep = cut == "2k" ? bytes.Length - 2048 : bytes.Length * int.Parse(cut, CultureInfo.InvariantCulture) / 100;
                await File.WriteAllBytesAsync(Path(Cut(layout, cut)), bytes[..keep]);
            }
            // A tenth of the file, from 40 % on, overwritten with random bytes: it still opens, but is unreadable there.
            var garbled = bytes.ToArray();
            var garbage = new byte[bytes.Length / 10];
            new Random(2).NextBytes(garbage);
            garbage.CopyTo(garbled, bytes.Length * 2 / 5);
            await File.WriteAllBytesAsync(Path(Garbled(layout)), garbled);
        }
        await DamageInsideOneFrameAsync(Path("end.mp4"), Path("frame-damage.mp4"));
    }

    public static string Cut(string layout, string cut) => $"cut-{cut}-{layout}";

    public static string Garbled(string layout) => $"garbled-{layout}";

    /// <summary>6 s of picture and tone in <paramref name="name"/>'s container with the given codecs.</summary>
    private Task Make(string name, string[] codecs) =>
        FfmpegTool.RunAsync(["-f", "lavfi", "-i", $"{Picture}:duration=6", "-f", "lavfi", "-i", $"{Tone}:duration=6", .. codecs, Path(name)]);

    /// <summary><paramref name="seconds"/> of picture; the tone input shaped by <paramref name="audioInput"/> (-t, -itsoffset); no -shortest.</summary>
    private Task Av(string name, double seconds, string[] audioInput) =>
        FfmpegTool.RunAsync(["-f", "lavfi", "-i", $"{Picture}:duration={seconds.ToString(CultureInfo.InvariantCulture)}",
            .. audioInput, "-f", "lavfi", "-i", Tone, .. H264, .. Aac, Path(name)]);

    /// <summary>
    /// Garbage inside the payload of one large video packet mid-file, its first bytes (the NAL header and length)
    /// kept: the container and every packet boundary are intact, only decoding that frame goes wrong.
    /// </summary>
    public static async Task DamageInsideOneFrameAsync(string source, string target)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        // "size=2618|pos=16079": ffprobe prints fields in its own order, so they are read by name.
        foreach (var a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pos,size", "-of", "compact=p=0", source })
            start.ArgumentList.Add(a);
        using var probe = Process.Start(start)!;
        var lines = (await probe.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await probe.WaitForExitAsync();
        var packets = lines.Select(l => l.Split('|').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]))
            .Select(f => (Pos: long.Parse(f["pos"], CultureInfo.InvariantCulture), Size: int.Parse(f["size"], CultureInfo.InvariantCulture))).ToArray();
        var middle = packets[(packets.Length / 3)..(packets.Length * 2 / 3)].MaxBy(p => p.Size);
        var bytes = await File.ReadAllBytesAsync(source);
        var garbage = new byte[middle.Size - 96];
        new Random(3).NextBytes(garbage);
        garbage.CopyTo(bytes, middle.Pos + 64);
        await File.WriteAllBytesAsync(target, bytes);
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
