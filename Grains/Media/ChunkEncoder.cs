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
    [property: Id(3)] TimeSpan Duration,
    [property: Id(4)] double PsnrDb);

/// <summary>A chunk that encoded but failed its checks: wrong frame count, decode errors or PSNR under the floor.</summary>
public sealed class ChunkValidationException(string message) : Exception(message);

/// <summary>
/// Encodes one chunk of the source into one rendition with x264 (fixed GOP = one segment, no
/// scene-cut keyframes, so segments align across chunks and renditions), writes it as MPEG-TS on the
/// shared timeline, then checks it: frame count, duration, a clean decode, and PSNR against the
/// source scaled to the rendition's size.
/// </summary>
public sealed partial class ChunkEncoder
{
    public async Task<EncodedChunk> EncodeAsync(string source, Chunk chunk, Rendition rendition, double frameRate, string output,
        EncodingOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var partial = output + ".partial";
        var gop = Math.Max(1, (int)Math.Round(frameRate * options.Segment.TotalSeconds));
        var fps = MediaProbe.Arg(frameRate);
        var result = await FFMpegArguments
            .FromFileInput(source, verifyExists: true, o => o.WithCustomArgument($"-ss {Seconds(chunk.Start)} -t {Seconds(chunk.Duration)}"))
            .OutputToFile(partial, overwrite: true, o => o.WithCustomArgument(string.Join(' ',
                "-map 0:v:0 -an -sn",
                $"-vf scale={rendition.Width}:{rendition.Height}:flags=bicubic,fps={fps}",
                $"-c:v libx264 -preset {options.Preset} -pix_fmt yuv420p",
                $"-b:v {rendition.VideoKbps}k -maxrate {rendition.VideoKbps * 11 / 10}k -bufsize {rendition.VideoKbps * 2}k",
                $"-g {gop} -keyint_min {gop} -sc_threshold 0",
                $"-force_key_frames expr:gte(t,n_forced*{Seconds(options.Segment)})",
                $"-output_ts_offset {Seconds(chunk.Start + options.TimelineOffset)} -muxdelay 0 -muxpreload 0",
                "-f mpegts")))
            .WithLogLevel(FFMpegLogLevel.Error)
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success)
        {
            File.Delete(partial);
            throw new InvalidOperationException($"ffmpeg failed on chunk {chunk.Index} {rendition.Name}: {string.Join(" ", result.StandardError.TakeLast(3))}");
        }

        var encoded = await MeasureAsync(partial, source, chunk, rendition, frameRate, cancellationToken);
        var expectedFrames = (int)Math.Round(chunk.Duration.TotalSeconds * frameRate);
        if (Math.Abs(encoded.Frames - expectedFrames) > 1)
            throw new ChunkValidationException($"chunk {chunk.Index} {rendition.Name} has {encoded.Frames} frames, expected {expectedFrames}");
        if (encoded.PsnrDb < options.PsnrFloorDb)
            throw new ChunkValidationException($"chunk {chunk.Index} {rendition.Name} PSNR {encoded.PsnrDb:0.00} dB is under the {options.PsnrFloorDb} dB floor");

        File.Move(partial, output, overwrite: true);
        return encoded with { Path = output };
    }

    /// <summary>Decodes the encoded chunk beside the same stretch of source, counting frames and computing PSNR.</summary>
    private static async Task<EncodedChunk> MeasureAsync(string encoded, string source, Chunk chunk, Rendition rendition, double frameRate, CancellationToken cancellationToken)
    {
        var fps = MediaProbe.Arg(frameRate);
        double? psnr = null;
        var errors = new List<string>();
        var result = await FFMpegArguments
            .FromFileInput(encoded)
            .AddFileInput(source, verifyExists: true, o => o.WithCustomArgument($"-ss {Seconds(chunk.Start)} -t {Seconds(chunk.Duration)}"))
            .OutputToNull(o => o.WithCustomArgument(
                $"-lavfi [0:v]setpts=PTS-STARTPTS[enc];[1:v]scale={rendition.Width}:{rendition.Height}:flags=bicubic,fps={fps},setpts=PTS-STARTPTS[ref];[enc][ref]psnr -f null"))
            .WithLogLevel(FFMpegLogLevel.Info)
            .NotifyOnStandardError(line =>
            {
                if (PsnrAverage().Match(line) is { Success: true } m)
                    psnr = m.Groups["v"].Value == "inf" ? 100 : double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture);
                else if (MediaProbe.IsDecodeError(line, "h264")) errors.Add(line);
            })
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success || errors.Count > 0 || psnr is null)
            throw new ChunkValidationException($"chunk {chunk.Index} {rendition.Name} does not decode cleanly: {errors.FirstOrDefault() ?? string.Join(" ", result.StandardError.TakeLast(2))}");

        var probe = await FFProbe.AnalyseAsync(encoded, cancellationToken: cancellationToken);
        var frames = await MediaProbe.VideoFrameCountAsync(encoded, cancellationToken);
        return new EncodedChunk(encoded, new FileInfo(encoded).Length, frames, probe.Duration, Math.Round(psnr!.Value, 2));
    }

    private static string Seconds(TimeSpan t) => MediaProbe.Arg(t);

    [GeneratedRegex(@"PSNR .* average:(?<v>inf|[0-9.]+)")]
    private static partial Regex PsnrAverage();
}
