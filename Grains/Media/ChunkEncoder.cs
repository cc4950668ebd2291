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

/// <summary>An encoded chunk not yet checked: its file under a temporary name, and x264's PSNR.</summary>
public sealed record UncheckedChunk(string Partial, string Output, Chunk Chunk, Rendition Rendition, double FrameRate, double PsnrDb);

/// <summary>
/// Encodes one chunk of the source into one rendition with x264 (fixed GOP = one segment, no
/// scene-cut keyframes, so segments align across chunks and renditions), writes it as MPEG-TS on the
/// shared timeline, then checks it: frame count (at the fixed frame rate, its duration), a clean decode, and PSNR against the
/// source scaled to the rendition's size.
/// </summary>
/// <remarks>
/// PSNR comes from x264 itself (<c>-psnr</c>): it compares each reconstructed frame with the scaled
/// source frame it was given, which is the same comparison a second decode of both would make, for
/// free. The encoded file is then decoded (<see cref="ChunkDecoding"/>): on the silo, together with the
/// chunk's other renditions (<see cref="ChunkDecodeChecks"/>); here, on its own.
/// </remarks>
public sealed partial class ChunkEncoder
{
    public Task<EncodedChunk> EncodeAsync(string source, Chunk chunk, Rendition rendition, double frameRate, string output,
        EncodingOptions options, CancellationToken cancellationToken) =>
        EncodeAsync(ChunkInput.WholeSource(source), chunk, rendition, frameRate, output, options, cancellationToken);

    /// <summary>Encodes and checks the chunk on its own.</summary>
    public async Task<EncodedChunk> EncodeAsync(ChunkInput input, Chunk chunk, Rendition rendition, double frameRate, string output,
        EncodingOptions options, CancellationToken cancellationToken)
    {
        var encoded = await EncodeUncheckedAsync(input, chunk, rendition, frameRate, output, options, cancellationToken);
        ChunkDecodeResult decoded;
        try
        {
            decoded = await ChunkDecoding.DecodeOneAsync(encoded.Partial, options.ThreadsPerEncode, cancellationToken);
        }
        catch
        {
            File.Delete(encoded.Partial);
            throw;
        }
        return Accept(encoded, decoded);
    }

    /// <summary>Encodes the chunk to a temporary file and checks x264's PSNR; the decode check is the caller's.</summary>
    public async Task<UncheckedChunk> EncodeUncheckedAsync(ChunkInput input, Chunk chunk, Rendition rendition, double frameRate, string output,
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
        var psnrDb = Math.Round(psnr.Value, 2);
        if (psnrDb < options.PsnrFloorDb)
        {
            File.Delete(partial);
            throw new ChunkValidationException($"chunk {chunk.Index} {rendition.Name} PSNR {psnrDb:0.00} dB is under the {options.PsnrFloorDb} dB floor");
        }
        return new UncheckedChunk(partial, output, chunk, rendition, frameRate, psnrDb);
    }

    /// <summary>
    /// The chunk counts when it decoded cleanly with the frames its duration asks for: its file then takes
    /// its real name. Otherwise it is deleted and refused.
    /// </summary>
    public static EncodedChunk Accept(UncheckedChunk encoded, ChunkDecodeResult decoded)
    {
        var (chunk, rendition) = (encoded.Chunk, encoded.Rendition);
        var expectedFrames = (int)Math.Round(chunk.Duration.TotalSeconds * encoded.FrameRate);
        var refusal = !decoded.Clean ? $"chunk {chunk.Index} {rendition.Name} does not decode cleanly: {decoded.Error}"
            : Math.Abs(decoded.Frames - expectedFrames) > 1 ? $"chunk {chunk.Index} {rendition.Name} has {decoded.Frames} frames, expected {expectedFrames}"
            : null;
        if (refusal is not null)
        {
            File.Delete(encoded.Partial);
            throw new ChunkValidationException(refusal);
        }
        var bytes = new FileInfo(encoded.Partial).Length;
        File.Move(encoded.Partial, encoded.Output, overwrite: true);
        return new EncodedChunk(encoded.Output, bytes, decoded.Frames, encoded.PsnrDb);
    }

    private static string Seconds(TimeSpan t) => MediaProbe.Arg(t);

    // x264's summary line: "[libx264 @ 0x…] PSNR Mean Y:46.718 U:45.073 V:44.539 Avg:45.974 Global:45.117 kb/s:377.28".
    // Global is the PSNR of the chunk's total squared error, as ffmpeg's psnr filter reports it.
    [GeneratedRegex(@"\] PSNR Mean .* Global:(?<v>inf|[0-9.]+)")]
    private static partial Regex X264Psnr();
}
