using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;
using FFMpegCore.Enums;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>What decoding one encoded chunk found: its frames, or why it does not decode cleanly.</summary>
public sealed record ChunkDecodeResult(int Frames, string? Error)
{
    public bool Clean => Error is null;
}

/// <summary>
/// Decodes encoded chunks to nothing in one ffmpeg process, counting each file's frames. The
/// deblocking filter is skipped: it changes pixels, which nobody looks at here, not whether the
/// bitstream decodes.
/// </summary>
public static partial class ChunkDecoding
{
    /// <summary>
    /// Decodes <paramref name="files"/>, each to its own null output. Returns one result per file, or null
    /// when the files are several and something went wrong: ffmpeg names no input in its decoder errors,
    /// so which file was bad is found by decoding them one at a time.
    /// </summary>
    public static async Task<ChunkDecodeResult[]?> DecodeAsync(IReadOnlyList<string> files, int threads, CancellationToken cancellationToken)
    {
        if (files.Count == 0) return [];
        var errors = new List<string>();
        var frames = new int?[files.Count];
        var arguments = FFMpegArguments.FromFileInput(files[0], verifyExists: true, Input);
        foreach (var file in files.Skip(1)) arguments = arguments.AddFileInput(file, verifyExists: true, Input);
        var result = await arguments
            // One null output per input: a single output would interleave the inputs and hold frames back.
            .OutputToNull(o => o.WithCustomArgument(string.Join(" - ", files.Select((_, i) => $"-map {i}:v:0 -c:v wrapped_avframe -f null"))))
            // Verbose for the per-input summary at the end ("Input stream #1:0 (video): … 240 frames decoded;").
            .WithLogLevel(FFMpegLogLevel.Verbose)
            .NotifyOnStandardError(line =>
            {
                if (MediaProbe.IsDecodeError(line, "h264")) errors.Add(line);
                if (InputSummary().Match(line) is { Success: true } m
                    && int.Parse(m.Groups["i"].Value, CultureInfo.InvariantCulture) is var i && i < files.Count)
                    frames[i] = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            })
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false);
        cancellationToken.ThrowIfCancellationRequested();

        if (files.Count > 1 && (!result.Success || errors.Count > 0)) return null;
        var failure = !result.Success ? $"ffmpeg failed: {string.Join(" ", result.StandardError.TakeLast(2))}" : errors.FirstOrDefault();
        return [.. frames.Select(n => n is null
            ? new ChunkDecodeResult(-1, failure ?? "ffmpeg reported no frame count")
            : new ChunkDecodeResult(n.Value, failure))];

        void Input(FFMpegInputOptions o) => o.WithCustomArgument($"-threads {threads} -skip_loop_filter all");
    }

    /// <summary>Decodes one file on its own.</summary>
    public static async Task<ChunkDecodeResult> DecodeOneAsync(string file, int threads, CancellationToken cancellationToken) =>
        (await DecodeAsync([file], threads, cancellationToken))![0];

    [GeneratedRegex(@"Input stream #(?<i>[0-9]+):[0-9]+ \(video\): [0-9]+ packets read \([0-9]+ bytes\); (?<n>[0-9]+) frames decoded")]
    private static partial Regex InputSummary();
}
