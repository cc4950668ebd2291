using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media.Pictures;

/// <summary>What <see cref="TrickPlayMaker"/> made, and whether decoding keyframes alone was enough.</summary>
public sealed record TrickPlayMade(TrickPlayTrack Track, bool KeyframesOnly);

/// <summary>
/// Makes a title's trick-play thumbnails in one ffmpeg process: it decodes a video (ingest hands it the smallest rendition
/// at least as wide as a tile, so the cost does not grow with the source's resolution), keeps one frame per interval,
/// scales it to the tile size and packs the tiles into JPEG sprite sheets (<c>tile=CxR</c>, row by row, the last sheet
/// padded with black), then writes the WebVTT index (<see cref="TrickPlayVtt"/>) beside them.
///
/// Which frame a tile shows: tile k is the first frame whose time (from the video's first frame) is at or after
/// k x interval, so the picture a player shows for a seek to k x interval is the one playback starts with there. ffmpeg's
/// <c>fps=1/N</c> does not do that: with its default rounding (<c>round=near</c>) output k is the last frame before
/// (k + 1/2) x N, the middle of the interval (2.46 s rather than 0 s for the first tile of a 24 fps title at N = 5 s);
/// <c>round=up</c> gives the last frame at or before k x N and <c>round=down</c> the last before (k + 1) x N. So the
/// frames are picked with <c>select</c>: a frame is kept when floor(t / N) is above the previous frame's, that is, the
/// first frame of each interval. A frame within half a millisecond before k x N counts as at it (times in a 1/90000 or
/// 1/12800 time base are not exact in floating point; no video has frames that close). The frames actually kept are
/// read back from <c>showinfo</c>: their count is the tile count, and each must lie in its own interval (a gap of a whole
/// interval would shift every later tile; validation rejects sources with gaps long before that).
///
/// Decoding only keyframes (<c>-skip_frame nokey</c>) gives the same frames when the interval is a whole number of the
/// video's keyframe spacing and a keyframe sits on the first frame at or after every multiple of it: what the pipeline's
/// renditions have (a keyframe forced on the first frame of every segment, no scene-cut keyframes). Then the decode costs
/// a frame per segment instead of every frame. It is checked, not assumed: every tile's frame must be the first at or
/// after its interval's start (less than a frame later) and no interval may lack one; otherwise every frame is decoded.
/// </summary>
public static partial class TrickPlayMaker
{
    /// <summary>The thumbnails' folder inside the title's folder.</summary>
    public const string Folder = "trickplay";

    private const double Epsilon = 0.0005;

    /// <summary>
    /// Makes the thumbnails of <paramref name="video"/> (a picture of <paramref name="width"/> x <paramref name="height"/>
    /// at <paramref name="frameRate"/>, lasting <paramref name="duration"/>, with a keyframe on the first frame of every
    /// <paramref name="keyframesEvery"/> when given) in <paramref name="folder"/>, and returns their track with the VTT's
    /// path relative to <paramref name="titleFolder"/>.
    /// </summary>
    public static async Task<TrickPlayMade> MakeAsync(string video, int width, int height, double frameRate, TimeSpan duration, TimeSpan? keyframesEvery,
        string titleFolder, string folder, TrickPlayOptions options, int threads, CancellationToken cancellationToken)
    {
        options.Checked();
        var (tileWidth, tileHeight) = TrickPlayVtt.TileSize(width, height, options.TileWidth);
        var interval = options.Interval.TotalSeconds;
        var filter = Filter(interval, tileWidth, tileHeight, options.Columns, options.Rows);
        var sheets = Path.Combine(folder, TrickPlayVtt.SheetPattern);
        Directory.CreateDirectory(folder);

        var keyframesOnly = keyframesEvery is { } every && IsWholeMultiple(interval, every.TotalSeconds) && frameRate is > 0 and < 1000;
        IReadOnlyList<double> times = [];
        if (keyframesOnly)
        {
            times = await RunAsync(video, filter, sheets, options.JpegQuality, threads, keyframesOnly: true, cancellationToken);
            if (!AreFirstFrames(times, interval, frameRate, duration))
            {
                foreach (var sheet in Directory.EnumerateFiles(folder, "sheet-*.jpg")) File.Delete(sheet);
                keyframesOnly = false;
            }
        }
        if (!keyframesOnly) times = await RunAsync(video, filter, sheets, options.JpegQuality, threads, keyframesOnly: false, cancellationToken);
        if (times.Count == 0) throw new InvalidDataException($"ffmpeg kept no frame of {Path.GetFileName(video)} for thumbnails");
        for (var k = 0; k < times.Count; k++)
        {
            if (Bucket(times[k], interval) != k)
                throw new InvalidDataException($"thumbnail {k} shows the frame at {times[k]:0.###} s, outside [{k * interval:0.###}, {(k + 1) * interval:0.###}) s: the video has a gap");
        }

        var track = new TrickPlayTrack(Relative(titleFolder, Path.Combine(folder, TrickPlayVtt.FileName)), interval, tileWidth, tileHeight,
            options.Columns, options.Rows, times.Count);
        for (var sheet = 0; sheet < track.Sheets; sheet++)
        {
            if (!File.Exists(Path.Combine(folder, TrickPlayVtt.SheetName(sheet))))
                throw new InvalidDataException($"ffmpeg wrote no {TrickPlayVtt.SheetName(sheet)} for {times.Count} thumbnails");
        }
        await File.WriteAllTextAsync(Path.Combine(folder, TrickPlayVtt.FileName), TrickPlayVtt.Write(track, duration), cancellationToken);
        return new TrickPlayMade(track, keyframesOnly);
    }

    /// <summary>
    /// Whether frames kept from a keyframes-only decode are the ones a decode of every frame would keep: one per interval
    /// up to the last frame (the one a frame before the end), each less than a frame after its interval's start.
    /// </summary>
    public static bool AreFirstFrames(IReadOnlyList<double> times, double interval, double frameRate, TimeSpan duration)
    {
        var frame = 1 / frameRate;
        var expected = Bucket(Math.Max(0, duration.TotalSeconds - frame), interval) + 1;
        if (times.Count != expected) return false;
        for (var k = 0; k < times.Count; k++)
        {
            var late = times[k] - k * interval;
            if (late < -Epsilon || late >= frame - Epsilon) return false;
        }
        return true;
    }

    private static bool IsWholeMultiple(double interval, double every) =>
        every > 0 && Math.Abs(interval / every - Math.Round(interval / every)) < 1e-6 && Math.Round(interval / every) >= 1;

    /// <summary>
    /// The filter chain: times from the first frame, the first frame of each interval, a showinfo line for each (read back
    /// for the count), scaled to the tile (area averaging, square pixels), tiled into sheets.
    /// </summary>
    public static string Filter(double interval, int tileWidth, int tileHeight, int columns, int rows)
    {
        var n = MediaProbe.Arg(interval);
        var e = MediaProbe.Arg(Epsilon);
        return $"setpts=PTS-STARTPTS,select='isnan(prev_pts)+gt(floor((t+{e})/{n}),floor((prev_t+{e})/{n}))',showinfo,"
               + $"scale={tileWidth}:{tileHeight}:flags=area,setsar=1,tile={columns}x{rows}";
    }

    /// <summary>Which interval a time falls in, by the same rule as the filter.</summary>
    public static int Bucket(double seconds, double interval) => (int)Math.Floor((seconds + Epsilon) / interval);

    private static async Task<IReadOnlyList<double>> RunAsync(string video, string filter, string sheets, int quality, int threads, bool keyframesOnly,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(GlobalFFOptions.GetFFMpegBinaryPath())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-nostats", "-loglevel", "info", "-threads", threads.ToString(CultureInfo.InvariantCulture),
                     .. keyframesOnly ? (string[])["-skip_frame", "nokey"] : [], "-i", video, "-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filter, "-fps_mode", "passthrough",
                     "-q:v", quality.ToString(CultureInfo.InvariantCulture), "-f", "image2", "-start_number", "1", "-y", sheets])
            start.ArgumentList.Add(argument);

        var times = new List<double>();
        var tail = new Queue<string>();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Contains("Parsed_showinfo", StringComparison.Ordinal) && ShowInfo().Match(line) is { Success: true } frame)
                {
                    times.Add(double.Parse(frame.Groups[1].Value, CultureInfo.InvariantCulture));
                    continue;
                }
                tail.Enqueue(line);
                if (tail.Count > 3) tail.Dequeue();
            }
            await process.WaitForExitAsync(cancellationToken);
            await output;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not make thumbnails: {string.Join(" ", tail)}");
        return times;
    }

    private static string Relative(string titleFolder, string path) => Path.GetRelativePath(titleFolder, path).Replace('\\', '/');

    [GeneratedRegex(@"\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[0-9.]+(?:e-?\d+)?)")]
    private static partial Regex ShowInfo();
}
