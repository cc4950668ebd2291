using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;
using FFMpegCore.Enums;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>What one chunk x rendition encode produced, as measured after the encode.</summary>
[GenerateSerializer, Immutable, Alias("netflix.EncodedChunk")]
public sealed record EncodedChunk(
    [property: Id(0)] string Path,
    [property: Id(1)] long Bytes,
    [property: Id(2)] int Frames,
    [property: Id(3)] double PsnrDb);

/// <summary>A chunk that encoded but failed its checks: wrong frame count, decode errors or PSNR under the floor.</summary>
public sealed class ChunkValidationException(string message) : Exception(message);

/// <summary>
/// Encodes one chunk of the source into one rendition with x264 (fixed GOP = one segment, no
/// scene-cut keyframes, so segments align across chunks and renditions), writes it as MPEG-TS on the
/// shared timeline, then checks it: frame count (at the fixed frame rate, its duration), a clean decode, and PSNR against the
/// source scaled to the rendition's size.
/// </summary>
/// <remarks>
/// PSNR comes from x264 itself (<c>-psnr</c>): it compares each reconstructed frame with the scaled
/// source frame it was given, which is the same comparison a second decode of both would make, for
/// free. The encoded file is then decoded once on its own (decode errors) and its packets counted.
/// </remarks>
public sealed partial class ChunkEncoder
{
    public Task<EncodedChunk> EncodeAsync(string source, Chunk chunk, Rendition rendition, double frameRate, string output,
        EncodingOptions options, CancellationToken cancellationToken) =>
        EncodeAsync(ChunkInput.WholeSource(source), chunk, rendition, frameRate, output, options, cancellationToken);

    public async Task<EncodedChunk> EncodeAsync(ChunkInput input, Chunk chunk, Rendition rendition, double frameRate, string output,
        EncodingOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var partial = output + ".partial";
        double? psnr = null;
        var result = await FFMpegArguments
            .FromFileInput(input.Path, verifyExists: true, o => o.WithCustomArgument($"-threads {options.ThreadsPerEncode} {input.Window(chunk)}"))
            .OutputToFile(partial, overwrite: true, o => o.WithCustomArgument(string.Join(' ',
                "-map 0:v:0 -an -sn",
                X264Arguments.Video(rendition, frameRate, options),
                $"-threads {options.ThreadsPerEncode} -psnr",
                $"-output_ts_offset {Seconds(chunk.Start + options.TimelineOffset)} -muxdelay 0 -muxpreload 0",
                "-f mpegts")))
            .WithLogLevel(FFMpegLogLevel.Info)
            .NotifyOnStandardError(line =>
            {
                if (X264Psnr().Match(line) is { Success: true } m)
                    psnr = m.Groups["v"].Value == "inf" ? 100 : double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture);
            })
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success || psnr is null)
        {
            File.Delete(partial);
            throw new InvalidOperationException($"ffmpeg failed on chunk {chunk.Index} {rendition.Name}: {string.Join(" ", result.StandardError.TakeLast(3))}");
        }

        var encoded = await MeasureAsync(partial, chunk, rendition, Math.Round(psnr.Value, 2), options.ThreadsPerEncode, cancellationToken);
        var expectedFrames = (int)Math.Round(chunk.Duration.TotalSeconds * frameRate);
        if (Math.Abs(encoded.Frames - expectedFrames) > 1)
            throw new ChunkValidationException($"chunk {chunk.Index} {rendition.Name} has {encoded.Frames} frames, expected {expectedFrames}");
        if (encoded.PsnrDb < options.PsnrFloorDb)
            throw new ChunkValidationException($"chunk {chunk.Index} {rendition.Name} PSNR {encoded.PsnrDb:0.00} dB is under the {options.PsnrFloorDb} dB floor");

        File.Move(partial, output, overwrite: true);
        return encoded with { Path = output };
    }

    /// <summary>
    /// Decodes the encoded chunk to nothing, counting its frames; any decoder error refuses it. The
    /// deblocking filter is skipped: it changes pixels, which nobody looks at here, not whether the
    /// bitstream decodes.
    /// </summary>
    private static async Task<EncodedChunk> MeasureAsync(string encoded, Chunk chunk, Rendition rendition, double psnrDb,
        int threads, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var frames = -1;
        var result = await FFMpegArguments
            .FromFileInput(encoded, verifyExists: true, o => o.WithCustomArgument($"-threads {threads} -skip_loop_filter all"))
            .OutputToNull(o => o.WithCustomArgument("-map 0:v:0 -c:v wrapped_avframe -f null"))
            .WithLogLevel(FFMpegLogLevel.Info)
            .NotifyOnStandardError(line =>
            {
                if (MediaProbe.IsDecodeError(line, "h264")) errors.Add(line);
                foreach (Match m in FramesDecoded().Matches(line)) frames = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            })
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success || errors.Count > 0 || frames < 0)
            throw new ChunkValidationException($"chunk {chunk.Index} {rendition.Name} does not decode cleanly: {errors.FirstOrDefault() ?? string.Join(" ", result.StandardError.TakeLast(2))}");
        return new EncodedChunk(encoded, new FileInfo(encoded).Length, frames, psnrDb);
    }

    private static string Seconds(TimeSpan t) => MediaProbe.Arg(t);

    // x264's summary line: "[libx264 @ 0x…] PSNR Mean Y:46.718 U:45.073 V:44.539 Avg:45.974 Global:45.117 kb/s:377.28".
    // Global is the PSNR of the chunk's total squared error, as ffmpeg's psnr filter reports it.
    // ffmpeg's progress line, "frame=  240 fps=0.0 q=-0.0 Lsize=N/A time=…"; the last one is the total.
    [GeneratedRegex(@"frame=\s*(?<n>[0-9]+)")]
    private static partial Regex FramesDecoded();

    [GeneratedRegex(@"\] PSNR Mean .* Global:(?<v>inf|[0-9.]+)")]
    private static partial Regex X264Psnr();
}
