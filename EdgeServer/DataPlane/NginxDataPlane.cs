using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Netflix.EdgeServer.Cache;
using Orleans.Netflix.EdgeServer.Configuration;
using Orleans.Netflix.EdgeServer.Observability;
using Orleans.Netflix.EdgeServer.Origin;
using Orleans.Netflix.Hosting.Periodic;

namespace Orleans.Netflix.EdgeServer.DataPlane;

/// <summary>
/// The nginx data plane (<c>--data-plane nginx</c>): writes nginx's configuration, token script and object map into
/// its folder, runs nginx on the edge's public address (<see cref="NginxProcess"/>), and keeps it current: the script
/// is rewritten and nginx reloaded when the signing keys change, the map when a title is indexed. Every quarter
/// second it reads the requests nginx answered itself (<see cref="ServedLog"/>) into the cache's eviction policy,
/// the metrics and the load reports, as if EdgeServer had served them.
/// </summary>
public sealed class NginxDataPlane(
    NginxPlaneSettings settings,
    IOptions<EdgeOptions> options,
    SigningKeyRing keys,
    AssetIndex index,
    ContentCache cache,
    EdgeMetrics metrics,
    EdgeTraffic traffic,
    ILogger<NginxDataPlane> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly ObjectMap _map = new();
    private readonly ServedLog _served = new(settings.Layout.HitLog);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _scriptGate = new();
    private NginxProcess? _nginx;
    private Task? _loop;

    /// <summary>The running nginx master's process id (tests kill it to see it come back).</summary>
    public int? NginxProcessId => _nginx?.ProcessId;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var layout = settings.Layout;
        Directory.CreateDirectory(layout.Folder);
        await File.WriteAllTextAsync(layout.Empty, "", cancellationToken);
        if (File.Exists(layout.HitLog)) File.Delete(layout.HitLog); // counted by the run that served them
        WriteScript(keys.Keys);
        _map.WriteIfChanged(layout.ObjectMap);
        await File.WriteAllTextAsync(layout.Config,
            NginxConfig.Write(layout, settings.ListenHost, settings.ListenPort, settings.InternalPort, settings.NjsModule, BuildInfo(settings.Executable)), cancellationToken);

        keys.Changed += OnKeysChanged;
        index.Indexed += _map.Add;
        _nginx = new NginxProcess(settings.Executable, layout, settings.ListenHost, settings.ListenPort, logger);
        await _nginx.StartAsync(cancellationToken);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        logger.LogInformation("nginx serves http://{Host}:{Port} from {Folder}; misses go to EdgeServer at 127.0.0.1:{Internal}",
            settings.ListenHost, settings.ListenPort, layout.Folder, settings.InternalPort);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        keys.Changed -= OnKeysChanged;
        index.Indexed -= _map.Add;
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        if (_nginx is not null) await _nginx.DisposeAsync();
        _nginx = null;
        Account(); // the last lines nginx flushed on its way out
    }

    public async ValueTask DisposeAsync()
    {
        if (_nginx is not null) await _nginx.DisposeAsync();
        _stop.Dispose();
    }

    private void OnKeysChanged(IReadOnlyList<Cdn.SigningKey> next)
    {
        WriteScript(next);
        _nginx?.Reload();
    }

    private void WriteScript(IReadOnlyList<Cdn.SigningKey> active)
    {
        lock (_scriptGate) NginxScript.Write(settings.Layout.Script, active, options.Value.MaxTokenLifetime);
    }

    /// <summary>Every tick: the object map nginx reads rewritten (and nginx reloaded) when it changed, and what nginx served accounted.</summary>
    private Task LoopAsync() => PeriodicLoop.RunAsync(Tick, _ =>
    {
        if (_map.WriteIfChanged(settings.Layout.ObjectMap)) _nginx?.Reload();
        Account();
        return Task.CompletedTask;
    }, e => logger.LogWarning("nginx data plane upkeep failed: {Error}", e.Message), _stop.Token);

    private void Account()
    {
        foreach (var line in _served.ReadNew())
        {
            metrics.Request(line.Status);
            if (line.Sha256.Length == 0 || line.Status is not (200 or 206 or 304)) continue;
            cache.RecordServedElsewhere(line.Sha256);
            metrics.Served(fromCache: true, line.BytesSent);
            if (line.SessionId.Length > 0) traffic.Served(line.SessionId, line.BytesSent);
        }
    }

    /// <summary>What <c>nginx -V</c> says (which modules it was built without, so their temp paths are not configured).</summary>
    private static string BuildInfo(string executable)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, "-V") { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"{executable} -V did not start");
        var error = process.StandardError.ReadToEnd();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return error + output;
    }
}

/// <summary>Where and with what the nginx data plane runs, resolved when the edge is built.</summary>
public sealed record NginxPlaneSettings(string Executable, string NjsModule, NginxLayout Layout, string ListenHost, int ListenPort, int InternalPort)
{
    public const string DefaultModule = "/usr/lib/nginx/modules/ngx_http_js_module.so";
    public const string InstallHint = "install Debian's nginx-light and libnginx-mod-http-js (scripts/prerequisites.sh does), or run with --data-plane kestrel";

    /// <summary>The settings for an edge whose public URL is <paramref name="publicUrl"/>; an <see cref="ArgumentException"/> naming what is missing.</summary>
    public static NginxPlaneSettings Resolve(EdgeOptions options, string publicUrl, string cacheRoot)
    {
        var executable = !string.IsNullOrWhiteSpace(options.NginxPath) ? options.NginxPath : FindNginx()
            ?? throw new ArgumentException($"nginx is not installed (looked on PATH and in /usr/sbin): {InstallHint}");
        if (!File.Exists(executable)) throw new ArgumentException($"nginx '{executable}' does not exist: {InstallHint}");
        var module = string.IsNullOrWhiteSpace(options.NjsModule) ? DefaultModule : options.NjsModule;
        if (!File.Exists(module)) throw new ArgumentException($"nginx's njs module {module} is missing: {InstallHint}");
        if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.Port <= 0 || !System.Net.IPAddress.TryParse(uri.Host, out _))
            throw new ArgumentException($"--urls '{publicUrl}' must be one http://IP:PORT for the nginx data plane");
        var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(options.DataPlaneRoot) ? cacheRoot.TrimEnd('/', '\\') + ".nginx" : options.DataPlaneRoot);
        return new NginxPlaneSettings(executable, module, new NginxLayout(folder, Path.Combine(folder, "verified")), uri.Host, uri.Port, FreeLoopbackPort());
    }

    private static string? FindNginx()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator).Append("/usr/sbin").Select(d => Path.Combine(d, "nginx")).FirstOrDefault(File.Exists);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
