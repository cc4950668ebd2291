using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>
/// One of the solution's programs (Silo, Client, EdgeServer, Web), run as a real process from its own build output,
/// exactly as <c>dotnet run --project</c> would run it, with its own appsettings.json.
/// Silos and edges run in Development unless a test's environment says otherwise: their appsettings.json ship the
/// development signing key, which they accept in Development only.
/// </summary>
public sealed class BuiltApp(string project, string assembly, bool development = false)
{
    public static readonly BuiltApp Silo = new("Silo", "Orleans.Netflix.Silo", development: true);
    public static readonly BuiltApp Client = new("Client", "Orleans.Netflix.Client");
    public static readonly BuiltApp Edge = new("EdgeServer", "Orleans.Netflix.EdgeServer", development: true);
    public static readonly BuiltApp Web = new("Web", "Orleans.Netflix.Web");

    public sealed record Result(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed);

    public string DllPath
    {
        get
        {
            var configuration = typeof(BuiltApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(RepositoryRoot, project, "bin", configuration, "net10.0", assembly + ".dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built ({path}); build the solution first", path);
        }
    }

    public async Task<Result> RunAsync(IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{project} {string.Join(' ', args)} did not exit within {timeout.TotalSeconds} s; output: {await stdout}{await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    /// <summary>Starts a long-running program and returns once it printed <paramref name="readyMarker"/>.</summary>
    public async Task<RunningApp> StartAsync(IEnumerable<string> args, string readyMarker, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var process = Start(args, environment);
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.Contains(readyMarker, StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(timeout));
        if (first != ready.Task)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            string text;
            lock (output) text = output.ToString();
            throw new InvalidOperationException($"{project} did not become ready within {timeout.TotalSeconds} s: {text}");
        }
        return new RunningApp(process, output);
    }

    private Process Start(IEnumerable<string> args, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        // A client started while the suite loads both cores can need more than its 10 s default to reach a cluster that is up;
        // a test of the timeout itself passes --connect-timeout, which wins over this.
        if (ReferenceEquals(this, Client)) start.Environment["Netflix__ConnectTimeout"] = "00:01:00";
        if (development) start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return Process.Start(start) ?? throw new InvalidOperationException($"cannot start {project}");
    }

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Netflix.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Orleans.Netflix.sln not found above the test output folder");
    }
}

/// <summary>A program started by <see cref="BuiltApp.StartAsync"/>; disposing stops it (SIGTERM, then kill).</summary>
public sealed class RunningApp(Process process, StringBuilder output) : IAsyncDisposable
{
    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    public void Kill() => process.Kill(entireProcessTree: true);

    public bool HasExited => process.HasExited;

    private bool _disposed;

    /// <summary>Stops it gracefully (SIGTERM, then a kill after 15 s); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!process.HasExited)
        {
            using var terminate = Process.Start("kill", ["-TERM", process.Id.ToString()]);
            await terminate!.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
    }
}
