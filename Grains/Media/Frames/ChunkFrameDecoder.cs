using FFMpegCore;
using FFMpegCore.Enums;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>Decodes one chunk of the source's video to raw frames in a NUT file, the chunk's own timestamps from 0.</summary>
public class ChunkFrameDecoder
{
    public virtual async Task DecodeAsync(string source, Chunk chunk, string target, int threads, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        var partial = target + ".partial";
        try
        {
            await RunAsync(source, chunk, partial, threads, cancellationToken);
            File.Move(partial, target, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private static async Task RunAsync(string source, Chunk chunk, string partial, int threads, CancellationToken cancellationToken)
    {
        var result = await FFMpegArguments
            .FromFileInput(source, verifyExists: true, o => o.WithCustomArgument($"-threads {threads} {ChunkInput.WholeSource(source).Window(chunk)}"))
            .OutputToFile(partial, overwrite: true, o => o.WithCustomArgument("-map 0:v:0 -an -sn -dn -c:v rawvideo -f nut"))
            .WithLogLevel(FFMpegLogLevel.Error)
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success)
            throw FfmpegFailure.Of($"decoding chunk {chunk.Index}", result.StandardError);
    }
}
