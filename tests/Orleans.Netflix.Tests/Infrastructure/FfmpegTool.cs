using System.Diagnostics;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>Runs the ffmpeg command line to craft test media (lavfi sources: nothing large is committed).</summary>
public static class FfmpegTool
{
    public static async Task RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-hide_banner", "-nostdin", "-loglevel", "error", "-y" }.Concat(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg is not installed (scripts/test.sh installs it)");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', args)} failed: {await stderr}");
    }
}
