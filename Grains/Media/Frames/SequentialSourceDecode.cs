using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using Orleans.Netflix.Media;

namespace Orleans.Netflix.Grains.Media;

/// <summary>The chunks a sequential decode also writes as raw frames, one handle per chunk, in order.</summary>
public sealed record FrameSplit(IReadOnlyList<Chunk> Chunks, IReadOnlyList<SharedChunkFrames.ExpectedFrames> Frames)
{
    public string Folder => Path.GetDirectoryName(Frames[0].File)!;
}

/// <summary>
/// One ffmpeg process that reads the whole source once, in order: its video through the content check's
/// filters to nothing (the log is the check), and, with a <see cref="FrameSplit"/>, the same decoded
/// frames split at the chunk starts into one raw NUT file per chunk for the chunks' renditions. One
/// decode then serves the check and every chunk, with no seeking back to a keyframe per chunk.
/// </summary>
/// <remarks>
/// The raw frames stay within the silo's byte budget: before a chunk is written its room is reserved,
/// and when there is none the process is paused (SIGSTOP) until an earlier chunk is deleted (SIGCONT).
/// A chunk counts as written once ffmpeg's segment list names it, which is read every
/// <c>pollEvery</c> (100 ms): the budget can be exceeded by what ffmpeg writes in that time, at 720p a
/// fraction of a chunk. The time limit counts only the time the process was not paused.
/// </remarks>
public static class SequentialSourceDecode
{
    private const string SigStop = "STOP";
    private const string SigCont = "CONT";
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs the decode; true when ffmpeg read the source to its end.</summary>
    public static async Task<bool> RunAsync(string source, string filters, int threads, FrameSplit? split, Action<string> log,
        TimeSpan limit, CancellationToken cancellationToken, TimeSpan? pollEvery = null)
    {
        var poll = pollEvery ?? DefaultPoll;
        // Only standard error is read (ffmpeg writes nothing else), on a thread of its own: a redirected
        // pipe read blocks its thread, and on a small thread pool that would hold up every poll below.
        var start = new ProcessStartInfo(GlobalFFOptions.GetFFMpegBinaryPath())
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(source, filters, threads, split)) start.ArgumentList.Add(argument);
        if (split is not null)
        {
            Directory.CreateDirectory(split.Folder);
            await split.Frames[0].ReserveAsync();
        }

        using var process = new Process { StartInfo = start };
        process.Start();
        var logged = Task.Factory.StartNew(() =>
        {
            while (process.StandardError.ReadLine() is { } line) log(line);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var exited = Task.WhenAll(process.WaitForExitAsync(CancellationToken.None), logged);
        var arrived = 0;
        var active = Stopwatch.StartNew();
        try
        {
            while (!exited.IsCompleted)
            {
                await Task.WhenAny(exited, Task.Delay(poll, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                if (active.Elapsed > limit) throw new TimeoutException($"the decode ran longer than {limit}");
                if (split is null) continue;
                var listed = Listed(split);
                while (arrived < listed)
                {
                    split.Frames[arrived].Arrived();
                    arrived++;
                    if (arrived < split.Frames.Count) await ReserveNextAsync(process, split.Frames[arrived], active, exited, cancellationToken);
                }
            }
            await exited;
            if (split is not null && process.ExitCode == 0)
            {
                for (var listed = Listed(split); arrived < listed; arrived++)
                {
                    await split.Frames[arrived].ReserveAsync(); // the last chunks can finish between two polls
                    split.Frames[arrived].Arrived();
                }
            }
            return process.ExitCode == 0;
        }
        finally
        {
            if (!process.HasExited)
            {
                Signal(process, SigCont);
                process.Kill(entireProcessTree: true);
            }
            if (split is not null)
            {
                for (var i = arrived; i < split.Frames.Count; i++)
                    split.Frames[i].Missing(new InvalidOperationException($"the sequential decode of {Path.GetFileName(source)} stopped before chunk {i}"));
            }
        }
    }

    /// <summary>Reserves the next chunk's room, pausing ffmpeg (and the time limit's clock) while there is none.</summary>
    /// <remarks>Cancelling stops the wait, reserving nothing; the caller then kills ffmpeg.</remarks>
    private static async Task ReserveNextAsync(Process process, SharedChunkFrames.ExpectedFrames next, Stopwatch active, Task exited,
        CancellationToken cancellationToken)
    {
        var reserving = next.ReserveAsync(cancellationToken);
        if (reserving.IsCompleted)
        {
            await reserving;
            return;
        }
        active.Stop();
        if (!exited.IsCompleted) Signal(process, SigStop);
        try
        {
            await reserving;
        }
        finally
        {
            if (!exited.IsCompleted) Signal(process, SigCont);
            active.Start();
        }
    }

    private static IEnumerable<string> Arguments(string source, string filters, int threads, FrameSplit? split)
    {
        string[] input = ["-hide_banner", "-nostdin", "-loglevel", "info", .. threads > 0 ? new[] { "-threads", $"{threads}" } : [], "-i", source];
        string[] check = ["-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filters, "-f", "null", "-"];
        if (split is null) return [.. input, .. check];
        var starts = string.Join(',', split.Chunks.Skip(1).Select(c => MediaProbe.Arg(c.Start)));
        return
        [
            .. input, .. check,
            "-map", "0:v:0", "-an", "-sn", "-dn", "-c:v", "rawvideo", "-f", "segment",
            // Without split times the segment muxer cuts every 2 s: one chunk must be one segment.
            .. starts.Length > 0 ? new[] { "-segment_times", starts } : ["-segment_time", "1000000000"],
            "-reset_timestamps", "1", "-segment_format", "nut",
            "-segment_list", ListPath(split), "-segment_list_type", "csv",
            Path.Combine(split.Folder, "chunk-%04d.nut"),
        ];
    }

    /// <summary>The file ffmpeg writes chunk <paramref name="index"/> of a split to.</summary>
    public static string ChunkFile(string folder, int index) => Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"chunk-{index:D4}.nut"));

    private static string ListPath(FrameSplit split) => Path.Combine(split.Folder, "chunks.csv");

    /// <summary>How many chunks ffmpeg's segment list names as finished.</summary>
    private static int Listed(FrameSplit split)
    {
        try
        {
            using var stream = new FileStream(ListPath(split), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var lines = 0;
            while (reader.ReadLine() is { } line)
            {
                if (line.EndsWith(".nut", StringComparison.Ordinal) || line.Contains(".nut,", StringComparison.Ordinal)) lines++;
            }
            return Math.Min(lines, split.Frames.Count);
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>Sends SIGSTOP or SIGCONT with the kill command: rare (a pause and a resume per full budget), and no libc binding to get right.</summary>
    private static void Signal(Process process, string signal)
    {
        try
        {
            if (process.HasExited) return;
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }
}
