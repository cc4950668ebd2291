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

/// <summary>One rendition of a chunk to encode, and where it goes.</summary>
public sealed record EncodeTarget(Rendition Rendition, string Output);

/// <summary>
/// Encodes one chunk of the source into renditions with x264 (fixed GOP = one segment, no
/// scene-cut keyframes, so segments align across chunks and renditions), writes each as MPEG-TS on the
/// shared timeline, then checks it: frame count (at the fixed frame rate, its duration), a clean decode, and PSNR against the
/// source scaled to the rendition's size.
/// </summary>
/// <remarks>
/// PSNR comes from x264 itself (<c>-psnr</c>): it compares each reconstructed frame with the scaled
/// source frame it was given, which is the same comparison a second decode of both would make, for
/// free. The encoded file is then decoded (<see cref="ChunkDecoding"/>): on the silo, together with the
/// chunk's other renditions (<see cref="ChunkDecodeChecks"/>); here, on its own.
/// Several renditions of a chunk can be encoded by one ffmpeg (<see cref="ChunkEncodes"/>): it reads the
/// frames once and gives each output its own scaler and x264 with the same arguments, so each file is
/// the same, byte for byte, as when encoded alone (tested).
/// </remarks>
public sealed class ChunkEncoder
{
    public Task<EncodedChunk> EncodeAsync(string source, Chunk chunk, Rendition rendition, double frameRate, string output,
        EncodingOptions options, CancellationToken cancellationToken) =>
        EncodeAsync(ChunkInput.WholeSource(source), chunk, rendition, frameRate, output, options, cancellationToken);

    /// <summary>Encodes and checks the chunk on its own.</summary>
    public async Task<EncodedChunk> EncodeAsync(ChunkInput input, Chunk chunk, Rendition rendition, double frameRate, string output,
        EncodingOptions options, CancellationToken cancellationToken)
    {
        var encoded = (await EncodeUncheckedAsync(input, chunk, [new EncodeTarget(rendition, output)], frameRate, options, cancellationToken))[0];
        return await CheckAsync(encoded, file => ChunkDecoding.DecodeOneAsync(file, options.ThreadsPerEncode, cancellationToken), options.PsnrFloorDb);
    }

    /// <summary>
    /// Decodes the encoded chunk with <paramref name="decode"/> (alone, or together with its chunk's other
    /// renditions) and accepts or refuses it (<see cref="Accept"/>); a decode that throws leaves no file behind.
    /// </summary>
    public static async Task<EncodedChunk> CheckAsync(UncheckedChunk encoded, Func<string, Task<ChunkDecodeResult>> decode, double psnrFloorDb)
    {
        ChunkDecodeResult decoded;
        try
        {
            decoded = await decode(encoded.Partial);
        }
        catch
        {
            File.Delete(encoded.Partial);
            throw;
        }
        return Accept(encoded, decoded, psnrFloorDb);
    }

    /// <summary>
    /// Encodes the chunk into every target with one ffmpeg, each to a temporary file, with x264's PSNR;
    /// the checks are the caller's (<see cref="Accept"/>). Throws, leaving no file, unless every target was written with its PSNR.
    /// </summary>
    public async Task<UncheckedChunk[]> EncodeUncheckedAsync(ChunkInput input, Chunk chunk, IReadOnlyList<EncodeTarget> targets, double frameRate,
        EncodingOptions options, CancellationToken cancellationToken)
    {
        if (targets.Count == 0) return [];
        var partials = targets.Select(t => t.Output + ".partial").ToArray();
        foreach (var target in targets) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target.Output))!);
        var outputArguments = targets.Select(t => string.Join(' ',
            "-map 0:v:0 -an -sn",
            X264Arguments.Video(t.Rendition, frameRate, options),
            $"-threads {options.ThreadsPerEncode} -psnr",
            $"-output_ts_offset {MediaProbe.Arg(chunk.Start + options.TimelineOffset)} -muxdelay 0 -muxpreload 0",
            "-f mpegts")).ToArray();
        // FFMpegCore writes one output; the others go before it, each with its own options and file.
        var earlierOutputs = string.Concat(outputArguments.SkipLast(1).Zip(partials).Select(o => $"{o.First} \"{o.Second}\" "));
        var summaries = new X264Summaries();
        var result = await FFMpegArguments
            .FromFileInput(input.Path, verifyExists: true, o => o.WithCustomArgument($"-threads {options.ThreadsPerEncode} {input.Window(chunk)}"))
            .OutputToFile(partials[^1], overwrite: true, o => o.WithCustomArgument(earlierOutputs + outputArguments[^1]))
            .WithLogLevel(FFMpegLogLevel.Info)
            .NotifyOnStandardError(summaries.Read)
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false);
        var psnr = targets.Select((_, i) => summaries.PsnrOf(i)).ToArray();
        if (cancellationToken.IsCancellationRequested || !result.Success || psnr.Any(p => p is null))
        {
            foreach (var partial in partials) File.Delete(partial);
            cancellationToken.ThrowIfCancellationRequested();
            throw FfmpegFailure.Of($"encoding chunk {chunk.Index} {string.Join("+", targets.Select(t => t.Rendition.Name))}", result.StandardError);
        }
        return [.. targets.Select((t, i) => new UncheckedChunk(partials[i], t.Output, chunk, t.Rendition, frameRate, Math.Round(psnr[i]!.Value, 2)))];
    }

    /// <summary>
    /// The chunk counts when its PSNR is at least <paramref name="psnrFloorDb"/> and it decoded cleanly with
    /// the frames its duration asks for: its file then takes its real name. Otherwise it is deleted and refused.
    /// </summary>
    public static EncodedChunk Accept(UncheckedChunk encoded, ChunkDecodeResult decoded, double psnrFloorDb)
    {
        var (chunk, rendition) = (encoded.Chunk, encoded.Rendition);
        var expectedFrames = (int)Math.Round(chunk.Duration.TotalSeconds * encoded.FrameRate);
        var refusal = encoded.PsnrDb < psnrFloorDb ? $"chunk {chunk.Index} {rendition.Name} PSNR {encoded.PsnrDb:0.00} dB is under the {psnrFloorDb} dB floor"
            : !decoded.Clean ? $"chunk {chunk.Index} {rendition.Name} does not decode cleanly: {decoded.Error}"
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
}
