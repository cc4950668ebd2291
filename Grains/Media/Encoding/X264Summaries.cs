using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Netflix.Grains.Media;

/// <summary>
/// Reads each output's PSNR from ffmpeg's log when one process encodes several outputs with x264. Every
/// x264 line names its encoder by address ("[libx264 @ 0x55…]"), not by output; an encoder logs its
/// profile when it opens, and ffmpeg then announces that output ("Output #1, mpegts, to …"), so the
/// address seen before "Output #k" is output k's encoder.
/// </summary>
public sealed partial class X264Summaries
{
    private readonly Dictionary<string, int> _outputOf = new(StringComparer.Ordinal);
    private readonly Dictionary<int, double> _psnr = [];
    private string? _opened;

    public void Read(string line)
    {
        if (OutputHeader().Match(line) is { Success: true } header)
        {
            if (_opened is not null) _outputOf[_opened] = int.Parse(header.Groups["k"].Value, CultureInfo.InvariantCulture);
            _opened = null;
            return;
        }
        if (X264Line().Match(line) is not { Success: true } x264) return;
        var encoder = x264.Groups["a"].Value;
        if (!_outputOf.ContainsKey(encoder)) _opened = encoder;
        // "[libx264 @ 0x…] PSNR Mean Y:46.718 U:45.073 V:44.539 Avg:45.974 Global:45.117 kb/s:377.28": Global is the
        // PSNR of the chunk's total squared error, as ffmpeg's psnr filter reports it.
        if (Psnr().Match(line) is { Success: true } psnr && _outputOf.TryGetValue(encoder, out var output))
            _psnr[output] = psnr.Groups["v"].Value == "inf" ? 100 : double.Parse(psnr.Groups["v"].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Output <paramref name="output"/>'s PSNR, or null when the log did not give it.</summary>
    public double? PsnrOf(int output) => _psnr.TryGetValue(output, out var db) ? db : null;

    [GeneratedRegex(@"^Output #(?<k>[0-9]+), ")]
    private static partial Regex OutputHeader();

    [GeneratedRegex(@"\[libx264 @ (?<a>0x[0-9a-f]+)\]")]
    private static partial Regex X264Line();

    [GeneratedRegex(@"\] PSNR Mean .* Global:(?<v>inf|[0-9.]+)")]
    private static partial Regex Psnr();
}
