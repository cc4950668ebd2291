using System.Diagnostics;
using System.Text;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// nginx as the yardstick for the edge: static files from the origin root, so a URL path is the same
/// origin path the edge serves under its token, configured the way a static file server is tuned
/// (sendfile, long keep-alive, no access log, a worker per core) and kept entirely inside its own
/// folder (config, pid, error log, temp paths), so it needs nothing under /etc or /var/lib/nginx.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private NginxServer(ServerProcess process, int port, string version)
    {
        _process = process;
        BaseUrl = $"http://127.0.0.1:{port}";
        Version = version;
    }

    public string BaseUrl { get; }

    /// <summary>What <c>nginx -v</c> says, e.g. <c>nginx/1.22.1</c>.</summary>
    public string Version { get; }

    /// <summary>The master process; its workers are its children.</summary>
    public int ProcessId => _process.Id;

    public static async Task<NginxServer> StartAsync(string executable, string root, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var build = await BuildInfoAsync(executable, cancellationToken);
        var version = build.FirstOrDefault(l => l.StartsWith("nginx version:", StringComparison.Ordinal))?["nginx version:".Length..].Trim() ?? "nginx";
        var port = FreePort.Next();
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(root, folder, port, string.Join(' ', build)), cancellationToken);

        // -e: the error log from the very start, before the config is read (the built-in default may be unwritable).
        var process = ServerProcess.Start("nginx", executable, ["-p", folder, "-c", config, "-e", Path.Combine(folder, "error.log")]);
        try
        {
            await process.WaitForPortAsync(port, TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            await process.DisposeAsync();
            throw new InvalidOperationException($"{e.Message}; error.log: {ErrorLogTail(folder)}", e);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new NginxServer(process, port, version);
    }

    /// <summary>The configuration; <paramref name="build"/> (<c>nginx -V</c>) says which modules' temp paths exist to be moved.</summary>
    private static string Config(string root, string folder, int port, string build)
    {
        var temp = new StringBuilder($"client_body_temp_path {Path.Combine(folder, "client_body")};");
        foreach (var module in new[] { "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            if (!build.Contains($"--without-http_{module}_module", StringComparison.Ordinal))
                temp.Append($"\n    {module}_temp_path {Path.Combine(folder, module)};");
        }
        // As root, workers would switch to 'nobody', who may not be able to read what this process
        // wrote; as root or not, they run as the user who owns the files, like the edge does.
        var user = Environment.IsPrivilegedProcess ? "user root;\n" : "";
        return $$"""
            {{user}}daemon off;
            master_process on;
            worker_processes auto;
            pid {{Path.Combine(folder, "nginx.pid")}};
            error_log {{Path.Combine(folder, "error.log")}};
            events {
                worker_connections 1024;
            }
            http {
                sendfile on;
                tcp_nopush on;
                keepalive_timeout 65;
                keepalive_requests 100000;
                access_log off;
                {{temp}}
                types {
                    video/mp4 mp4 m4s;
                    audio/mp4 m4a;
                    application/vnd.apple.mpegurl m3u8;
                    text/vtt vtt;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                }
            }

            """;
    }

    /// <summary>The lines of <c>nginx -V</c> (version, build flags; written to standard error).</summary>
    private static async Task<string[]> BuildInfoAsync(string executable, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, "-V") { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"{executable} -V did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return $"{error}\n{await output}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static string ErrorLogTail(string folder)
    {
        var log = Path.Combine(folder, "error.log");
        return File.Exists(log) ? string.Join(" | ", File.ReadLines(log).TakeLast(4)) : "(none)";
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
