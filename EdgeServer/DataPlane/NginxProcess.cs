using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Orleans.Netflix.EdgeServer.DataPlane;

/// <summary>
/// nginx as EdgeServer's child: started in the foreground (<c>daemon off</c>) on the data plane's folder, restarted
/// when it dies, reloaded with SIGHUP (new configuration, keys or object map; old workers finish their requests),
/// stopped with SIGQUIT (graceful) when the edge stops. An nginx left running by an edge that was killed is stopped
/// first, by the pid file in the same folder.
/// </summary>
public sealed class NginxProcess(string executable, NginxLayout layout, string listenHost, int listenPort, ILogger logger) : IAsyncDisposable
{
    private const int SigHup = 1;
    private const int SigTerm = 15;
    private const int SigQuit = 3;

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Process? _process;
    private Task? _supervisor;

    /// <summary>How many times nginx was started again after dying.</summary>
    public int Restarts { get; private set; }

    public int? ProcessId
    {
        get
        {
            lock (_gate) return _process is { HasExited: false } p ? p.Id : null;
        }
    }

    /// <summary>Starts nginx and returns once it accepts connections; an <see cref="InvalidOperationException"/> with error.log's tail if it cannot.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StopLeftover();
        await StartOnceAsync(cancellationToken);
        _supervisor = Task.Run(SuperviseAsync, CancellationToken.None);
    }

    /// <summary>Makes nginx re-read its configuration, script and object map.</summary>
    public void Reload()
    {
        if (ProcessId is { } pid) _ = Kill(pid, SigHup);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Process? process;
        lock (_gate) process = _process;
        if (process is { HasExited: false })
        {
            _ = Kill(process.Id, SigQuit);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        if (_supervisor is not null) await _supervisor;
        process?.Dispose();
    }

    private async Task StartOnceAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", layout.Folder, "-c", layout.Config, "-e", layout.ErrorLog }) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data)) logger.LogWarning("nginx: {Line}", e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate) _process = process;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"nginx exited with {process.ExitCode} at start: {ErrorLogTail()}");
            if (await AcceptsAsync(cancellationToken)) return;
            if (DateTime.UtcNow > deadline)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"nginx did not listen on {listenHost}:{listenPort} within 15 s: {ErrorLogTail()}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task SuperviseAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Process process;
            lock (_gate) process = _process!;
            try
            {
                await process.WaitForExitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            logger.LogError("nginx exited with {Code}; starting it again. {Log}", process.ExitCode, ErrorLogTail());
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stopping.Token);
                StopLeftover(); // its workers, if only the master died
                await StartOnceAsync(_stopping.Token);
                Restarts++;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (InvalidOperationException e)
            {
                logger.LogError("nginx did not start again: {Error}", e.Message);
            }
        }
    }

    private async Task<bool> AcceptsAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(listenHost, listenPort, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>An nginx master still named in the pid file (its edge was killed) is told to stop, with its workers.</summary>
    private void StopLeftover()
    {
        if (!File.Exists(layout.PidFile) || !int.TryParse(File.ReadAllText(layout.PidFile).Trim(), out var pid)) return;
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            if (!commandLine.Contains(layout.Config, StringComparison.Ordinal)) return;
        }
        catch (IOException)
        {
            return; // not running
        }
        logger.LogWarning("Stopping nginx {Pid} left running by an earlier edge on {Folder}", pid, layout.Folder);
        _ = Kill(pid, SigTerm);
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++) Thread.Sleep(50);
    }

    private string ErrorLogTail()
    {
        try
        {
            return File.Exists(layout.ErrorLog) ? string.Join(" | ", File.ReadLines(layout.ErrorLog).TakeLast(3)) : "(no error.log)";
        }
        catch (IOException)
        {
            return "(error.log unreadable)";
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
