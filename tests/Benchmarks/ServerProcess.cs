using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// A server the edge mode runs as a child process (the edge, nginx): its output is drained so it never
/// blocks on a full pipe, the last lines are kept for error messages, and disposing stops it and its whole
/// process tree (nginx's workers), whether the run finished, failed or was cancelled.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 20;

    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly List<(string Marker, TaskCompletionSource Seen)> _markers = [];

    private ServerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it wrote to standard output or error, one line of text.</summary>
    public string OutputTail
    {
        get
        {
            lock (_lines) return _lines.Count == 0 ? "(no output)" : string.Join(" | ", _lines);
        }
    }

    public static ServerProcess Start(string name, string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(name, process);
        process.OutputDataReceived += (_, e) => server.Received(e.Data);
        process.ErrorDataReceived += (_, e) => server.Received(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"{name} ({executable}) did not start");
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Returns once the process printed a line containing <paramref name="marker"/>; throws if it exits or the time runs out first.</summary>
    public async Task WaitForOutputAsync(string marker, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.Any(l => l.Contains(marker, StringComparison.Ordinal))) return;
            _markers.Add((marker, seen));
        }
        var exited = _process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        if (first != seen.Task) throw NotReady($"did not print '{marker}' within {timeout.TotalSeconds:0} s");
    }

    /// <summary>Returns once something accepts connections on the loopback port; throws if the process exits or the time runs out first.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw NotReady("exited");
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (SocketException)
            {
                throw NotReady($"did not listen on port {port} within {timeout.TotalSeconds:0} s");
            }
        }
    }

    private InvalidOperationException NotReady(string what) =>
        new($"{Name} {(_process.HasExited ? $"exited with {_process.ExitCode}" : what)}: {OutputTail}");

    private void Received(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines) _lines.Dequeue();
            foreach (var (marker, seen) in _markers)
            {
                if (line.Contains(marker, StringComparison.Ordinal)) seen.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Asks it to stop (SIGTERM: the edge deregisters and closes its cluster connection, nginx's master
    /// stops its workers), then kills the whole tree if it is still running after a few seconds.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_process.HasExited) return;
            // Quietly: it may have exited just now ("No such process").
            using (var terminate = Process.Start(new ProcessStartInfo("kill", ["-TERM", $"{_process.Id}"]) { RedirectStandardError = true }))
            {
                await terminate!.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
