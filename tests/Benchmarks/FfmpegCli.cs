using System.Diagnostics;

namespace Orleans.Netflix.Benchmarks;

/// <summary>Runs the ffmpeg on PATH with an argument list and returns its standard error; a non-zero exit throws with its last lines.</summary>
public static class FfmpegCli
{
    public static async Task<IReadOnlyList<string>> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true, // ffmpeg reads keys from stdin; give it none
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-y" }.Concat(arguments)) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        process.StandardInput.Close();
        var stderr = new List<string>();
        var readError = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line) stderr.Add(line);
        }, cancellationToken);
        var drainOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(readError, drainOutput);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg exited with {process.ExitCode}: {string.Join(" | ", stderr.TakeLast(4))}");
        return stderr;
    }
}
