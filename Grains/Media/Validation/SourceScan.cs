using System.Diagnostics;
using System.Globalization;
using FFMpegCore;

namespace Orleans.Netflix.Grains.Media;

/// <summary>Where one stream's packets start and end (seconds on the scan's timeline, which starts at 0), and how many there are.</summary>
public sealed record StreamSpan(double Start, double End, int Packets)
{
    public double Length => End - Start;
}

/// <summary>
/// One read of a whole file without decoding its picture: ffmpeg copies the first video stream's packets
/// (the demuxer and the codec's parser still check the container's structure and each packet's NAL sizes)
/// and decodes the first audio stream (cheap), writing one line per packet (<c>-f framecrc</c>) with its
/// timestamps. What comes back: each stream's span, the video's packet times and every error ffmpeg logged.
/// </summary>
/// <remarks>
/// A file cut short shows as a demuxer error ("partial file", "File ended prematurely") and/or packets that
/// end before the container's duration; a stretch of garbage shows as parser, demuxer or audio decoder
/// errors, or as a stream that stops while the other goes on. Garbage that stays inside one frame's payload
/// is not seen here (nothing decodes the picture): the content check's full decode finds it.
/// </remarks>
public sealed record SourceScan(StreamSpan? Video, StreamSpan? Audio, IReadOnlyList<double> VideoTimes, IReadOnlyList<string> Errors, int ErrorCount)
{
    private const int KeptErrors = 20;
    private const long NoTimestamp = long.MinValue; // AV_NOPTS_VALUE, as framecrc prints it

    /// <summary>The media's end: the last packet of either stream.</summary>
    public double End => Math.Max(Video?.End ?? 0, Audio?.End ?? 0);

    /// <summary>
    /// Reads <paramref name="path"/> once, its first video stream too when <paramref name="videoCodec"/> names it; throws
    /// <see cref="TimeoutException"/> past <paramref name="limit"/>. That codec's decoder messages are left out: ffmpeg
    /// decodes a few seconds while it probes the streams, and judging decoded pictures is the content check's work.
    /// </summary>
    public static async Task<SourceScan> RunAsync(string path, string? videoCodec, TimeSpan limit, CancellationToken cancellationToken)
    {
        var withVideo = videoCodec is not null;
        var decoderPrefix = $"[{videoCodec} @";
        var start = new ProcessStartInfo(GlobalFFOptions.GetFFMpegBinaryPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // An argument list, not a command line: any file name reaches ffmpeg as it is.
        string[] arguments = ["-nostdin", "-hide_banner", "-v", "error", "-i", path,
            .. withVideo ? new[] { "-map", "0:v:0", "-c:v", "copy" } : [],
            "-map", "0:a:0?", "-c:a", "pcm_s16le", "-f", "framecrc", "-"];
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        process.Start();
        var errors = new List<string>();
        var errorCount = 0;
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line) || (withVideo && line.StartsWith(decoderPrefix, StringComparison.Ordinal))) continue;
                errorCount++;
                if (errors.Count < KeptErrors) errors.Add(line.Trim());
            }
        }, CancellationToken.None);
        var packets = Task.Run(() => ReadPacketsAsync(process.StandardOutput), CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"reading the file took longer than {limit.TotalSeconds:0} s");
        }
        var (video, audio, videoTimes) = await packets;
        await stderr;
        return new SourceScan(video, audio, videoTimes, errors, errorCount);
    }

    /// <summary>framecrc's lines: "#tb N: 1/12800" and "#media_type N: video" headers, then "stream, dts, pts, duration, size, crc".</summary>
    private static async Task<(StreamSpan? Video, StreamSpan? Audio, List<double> VideoTimes)> ReadPacketsAsync(StreamReader output)
    {
        var videoTimes = new List<double>();
        var timeBases = new Dictionary<int, double>();
        var kinds = new Dictionary<int, string>();
        var spans = new Dictionary<int, (double Start, double End, int Packets)>();
        while (await output.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("#tb ", StringComparison.Ordinal) && Header(line) is { } tb)
            {
                var parts = tb.Value.Split('/');
                if (parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var num) && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var den) && den > 0)
                    timeBases[tb.Stream] = num / den;
            }
            else if (line.StartsWith("#media_type ", StringComparison.Ordinal) && Header(line) is { } kind)
            {
                kinds[kind.Stream] = kind.Value;
            }
            else if (!line.StartsWith('#'))
            {
                var fields = line.Split(',', StringSplitOptions.TrimEntries);
                if (fields.Length < 4 || !int.TryParse(fields[0], CultureInfo.InvariantCulture, out var stream)
                    || !long.TryParse(fields[2], CultureInfo.InvariantCulture, out var pts) || pts == NoTimestamp
                    || !long.TryParse(fields[3], CultureInfo.InvariantCulture, out var duration)
                    || !timeBases.TryGetValue(stream, out var timeBase)) continue;
                var (begin, end) = (pts * timeBase, (pts + Math.Max(0, duration)) * timeBase);
                if (kinds.GetValueOrDefault(stream) == "video") videoTimes.Add(begin);
                spans[stream] = spans.TryGetValue(stream, out var s) ? (Math.Min(s.Start, begin), Math.Max(s.End, end), s.Packets + 1) : (begin, end, 1);
            }
        }
        StreamSpan? Of(string kind) => kinds.Where(k => k.Value == kind && spans.ContainsKey(k.Key))
            .Select(k => spans[k.Key]).Select(s => new StreamSpan(s.Start, s.End, s.Packets)).FirstOrDefault();
        return (Of("video"), Of("audio"), videoTimes);
    }

    private static (int Stream, string Value)? Header(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return colon > space && int.TryParse(line[(space + 1)..colon], CultureInfo.InvariantCulture, out var stream)
            ? (stream, line[(colon + 1)..].Trim())
            : null;
    }
}
