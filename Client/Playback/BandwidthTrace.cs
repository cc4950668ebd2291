using System.Globalization;

namespace Orleans.Netflix.Client.Playback;

/// <summary>
/// A measured bandwidth trace: one <c>seconds&lt;TAB&gt;Mbit/s</c> sample per line, each rate holding until
/// the next sample's time, the whole trace looping when a session outlasts it (the format of
/// tests/Traces, from the Pensieve project's resampling of the Oslo 3G and FCC broadband data).
/// </summary>
public sealed class BandwidthTrace
{
    private readonly double[] _times;
    private readonly double[] _mbps;

    private BandwidthTrace(string name, double[] times, double[] mbps, double period)
    {
        Name = name;
        _times = times;
        _mbps = mbps;
        Period = period;
    }

    public string Name { get; }

    /// <summary>How long the trace lasts before it loops, in seconds.</summary>
    public double Period { get; }

    public double MeanMbps => Enumerable.Range(0, _times.Length).Sum(i => _mbps[i] * Span(i)) / Period;

    public static BandwidthTrace Load(string path) => Parse(Path.GetFileName(path), File.ReadLines(path));

    /// <exception cref="FormatException">A line is not two numbers, times do not rise, or no sample has bandwidth.</exception>
    public static BandwidthTrace Parse(string name, IEnumerable<string> lines)
    {
        var times = new List<double>();
        var rates = new List<double>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var time)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var mbps)
                || !double.IsFinite(time) || !double.IsFinite(mbps) || mbps < 0)
                throw new FormatException($"{name} line {number}: expected 'seconds<TAB>Mbit/s', got '{line}'");
            if (times.Count > 0 && time <= times[^1]) throw new FormatException($"{name} line {number}: time {time} does not come after {times[^1]}");
            times.Add(time);
            rates.Add(mbps);
        }
        if (times.Count < 2) throw new FormatException($"{name}: at least two samples are needed");
        if (rates.All(r => r == 0)) throw new FormatException($"{name}: no sample has any bandwidth");
        // The last sample lasts as long as the trace's average gap.
        var period = times[^1] - times[0] + (times[^1] - times[0]) / (times.Count - 1);
        return new BandwidthTrace(name, [.. times.Select(t => t - times[0])], [.. rates], period);
    }

    /// <summary>The rate at <paramref name="seconds"/> into the session, in Mbit/s.</summary>
    public double MbpsAt(double seconds) => _mbps[IndexAt(Wrap(seconds))];

    /// <summary>How long <paramref name="bytes"/> take to arrive when the download starts at <paramref name="start"/> seconds.</summary>
    public double DownloadSeconds(double start, long bytes)
    {
        var bits = bytes * 8.0;
        var now = start;
        while (true)
        {
            var offset = Wrap(now);
            var index = IndexAt(offset);
            var left = Math.Max(_times[index] + Span(index) - offset, 1e-9); // until the next sample (never zero, so time moves on)
            var canSend = _mbps[index] * 1e6 * left;
            if (canSend >= bits) return now + bits / (_mbps[index] * 1e6) - start;
            bits -= canSend;
            now += left;
        }
    }

    private double Span(int index) => (index + 1 < _times.Length ? _times[index + 1] : Period) - _times[index];

    private double Wrap(double seconds) => ((seconds % Period) + Period) % Period;

    private int IndexAt(double offset)
    {
        var index = Array.BinarySearch(_times, offset);
        return index >= 0 ? index : ~index - 1;
    }
}
