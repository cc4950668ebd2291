using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media.Pictures;

/// <summary>One thumbnail cue: the time range it covers and where its tile is (a sheet, relative to the VTT, and a rectangle in it).</summary>
public sealed record TrickPlayCue(TimeSpan Start, TimeSpan End, string Sheet, int X, int Y, int Width, int Height);

/// <summary>
/// The WebVTT index of trick-play thumbnails, as the Jellyfin, Video.js and JW Player thumbnail plug-ins read it: one cue
/// per tile, its text the sprite sheet and the tile's rectangle as a media fragment (<c>sheet-001.jpg#xywh=240,0,240,136</c>).
/// Tile k covers [k x interval, (k + 1) x interval), the last one up to the media's end; tiles fill a sheet row by row,
/// sheets are numbered from 1 (ffmpeg's <c>sheet-%03d.jpg</c>). Times are whole milliseconds (<c>hh:mm:ss.mmm</c>).
/// </summary>
public static partial class TrickPlayVtt
{
    public const string FileName = "thumbnails.vtt";

    /// <summary>The sheets' names as ffmpeg's image muxer writes them (numbered from 1, at least three digits).</summary>
    public const string SheetPattern = "sheet-%03d.jpg";

    /// <summary>The file name of sheet <paramref name="index"/> (0-based).</summary>
    public static string SheetName(int index) => $"sheet-{(index + 1).ToString("000", CultureInfo.InvariantCulture)}.jpg";

    /// <summary>A tile's size: <paramref name="tileWidth"/> (at most the picture's width, even) by the height that keeps the aspect (even, at least 2).</summary>
    public static (int Width, int Height) TileSize(int pictureWidth, int pictureHeight, int tileWidth)
    {
        if (pictureWidth <= 0 || pictureHeight <= 0) throw new ArgumentException("the picture's size must be positive");
        var width = Math.Max(2, Math.Min(tileWidth, pictureWidth) / 2 * 2);
        var height = Math.Max(2, (int)Math.Round(width * (double)pictureHeight / pictureWidth / 2) * 2);
        return (width, height);
    }

    /// <summary>Where tile <paramref name="tile"/> sits: its sheet (0-based) and its top-left corner in it.</summary>
    public static (int Sheet, int X, int Y) Position(TrickPlayTrack track, int tile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tile);
        var inSheet = tile % track.TilesPerSheet;
        return (tile / track.TilesPerSheet, inSheet % track.Columns * track.TileWidth, inSheet / track.Columns * track.TileHeight);
    }

    /// <summary>
    /// The cues of <paramref name="track"/>'s tiles: tile k from k x interval to (k + 1) x interval, clipped to
    /// <paramref name="duration"/>, and the last tile's cue running to the end (so no position of the media is without one).
    /// </summary>
    public static IReadOnlyList<TrickPlayCue> Cues(TrickPlayTrack track, TimeSpan duration)
    {
        var interval = (long)Math.Round(track.IntervalSeconds * 1000);
        if (interval <= 0) throw new ArgumentException("the interval must be positive");
        var end = (long)Math.Round(duration.TotalMilliseconds);
        var cues = new TrickPlayCue[track.Count];
        for (var k = 0; k < track.Count; k++)
        {
            var start = k * interval;
            var stop = k == track.Count - 1 ? Math.Max(end, start + 1) : Math.Max(Math.Min((k + 1) * interval, end), start + 1);
            var (sheet, x, y) = Position(track, k);
            cues[k] = new TrickPlayCue(TimeSpan.FromMilliseconds(start), TimeSpan.FromMilliseconds(stop), SheetName(sheet), x, y, track.TileWidth, track.TileHeight);
        }
        return cues;
    }

    /// <summary>The WebVTT text for <paramref name="track"/>'s tiles over media of <paramref name="duration"/>.</summary>
    public static string Write(TrickPlayTrack track, TimeSpan duration)
    {
        var text = new StringBuilder("WEBVTT\n");
        foreach (var cue in Cues(track, duration))
        {
            text.Append('\n').Append(Time(cue.Start)).Append(" --> ").Append(Time(cue.End)).Append('\n')
                .Append(CultureInfo.InvariantCulture, $"{cue.Sheet}#xywh={cue.X},{cue.Y},{cue.Width},{cue.Height}\n");
        }
        return text.ToString();
    }

    /// <summary>A time as WebVTT writes it: <c>hh:mm:ss.mmm</c>.</summary>
    public static string Time(TimeSpan time)
    {
        var ms = (long)Math.Round(time.TotalMilliseconds);
        return string.Create(CultureInfo.InvariantCulture, $"{ms / 3_600_000:00}:{ms / 60_000 % 60:00}:{ms / 1000 % 60:00}.{ms % 1000:000}");
    }

    /// <summary>
    /// Reads a thumbnail VTT: the <c>WEBVTT</c> header, then blocks split by blank lines, each a cue (an optional
    /// identifier, <c>start --> end</c> with <c>hh:mm:ss.mmm</c> or <c>mm:ss.mmm</c> and optional settings, then the
    /// image URL with an optional <c>#xywh=x,y,w,h</c>; without one the rectangle is 0,0,0,0, the whole image). NOTE,
    /// STYLE and REGION blocks and blocks without a timing line are skipped; a header other than WEBVTT is an error.
    /// </summary>
    public static IReadOnlyList<TrickPlayCue> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        if (lines.Length == 0 || !Header().IsMatch(lines[0])) throw new FormatException("not a WebVTT file: the first line is not WEBVTT");
        var cues = new List<TrickPlayCue>();
        for (var i = 1; i < lines.Length; i++)
        {
            var timing = Timing().Match(lines[i]);
            if (!timing.Success) continue;
            var payload = i + 1 < lines.Length ? lines[i + 1].Trim() : "";
            i++;
            if (payload.Length == 0) continue;
            var hash = payload.IndexOf('#', StringComparison.Ordinal);
            var (sheet, fragment) = hash < 0 ? (payload, "") : (payload[..hash], payload[(hash + 1)..]);
            var (x, y, w, h) = (0, 0, 0, 0);
            if (Xywh().Match(fragment) is { Success: true } rect)
                (x, y, w, h) = (Int(rect, 1), Int(rect, 2), Int(rect, 3), Int(rect, 4));
            cues.Add(new TrickPlayCue(ParseTime(timing.Groups["start"].Value), ParseTime(timing.Groups["end"].Value), sheet, x, y, w, h));
        }
        return cues;
    }

    /// <summary>The cue covering <paramref name="position"/> (start inclusive, end exclusive), or null.</summary>
    public static TrickPlayCue? At(IReadOnlyList<TrickPlayCue> cues, TimeSpan position) =>
        cues.FirstOrDefault(c => c.Start <= position && position < c.End);

    private static int Int(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static TimeSpan ParseTime(string time)
    {
        var parts = time.Split(':');
        var hours = parts.Length == 3 ? long.Parse(parts[0], CultureInfo.InvariantCulture) : 0;
        var minutes = long.Parse(parts[^2], CultureInfo.InvariantCulture);
        var seconds = decimal.Parse(parts[^1], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds((double)((hours * 3600 + minutes * 60) * 1000 + seconds * 1000));
    }

    [GeneratedRegex(@"^WEBVTT(?:[ \t].*)?$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^\s*(?<start>(?:\d+:)?[0-5]\d:[0-5]\d\.\d{3})\s+-->\s+(?<end>(?:\d+:)?[0-5]\d:[0-5]\d\.\d{3})(?:\s.*)?$")]
    private static partial Regex Timing();

    [GeneratedRegex(@"(?:^|&)xywh=(?:pixel:)?(\d+),(\d+),(\d+),(\d+)$")]
    private static partial Regex Xywh();
}
