using System.Reflection;
using Orleans.Netflix.Cdn;

namespace Orleans.Netflix.Benchmarks;

/// <summary>
/// The EdgeServer as players meet it: its own process, run with <c>dotnet</c> from its build output of the
/// same configuration as this benchmark (the project reference builds it), an Orleans client of the
/// benchmark's region, pulling misses from the given origin, on either data plane (nginx in front, or Kestrel alone). Logs at Warning, so console logging is not
/// part of what is measured; the signing key comes through the environment, as a deployment sets it.
/// </summary>
public sealed class EdgeProcess : IAsyncDisposable
{
    // EdgeServer's EdgeProgram.ReadyMarker (that assembly is built, not referenced).
    private const string ReadyMarker = "edge ready:";

    private readonly ServerProcess _process;

    private EdgeProcess(ServerProcess process, int port)
    {
        _process = process;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public int ProcessId => _process.Id;

    public static string DllPath
    {
        get
        {
            var configuration = typeof(EdgeProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var path = Path.Combine(RepositoryRoot(), "EdgeServer", "bin", configuration, "net10.0", "Orleans.Netflix.EdgeServer.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"the EdgeServer is not built ({path}); run: dotnet build -c {configuration} tests/Benchmarks/Benchmarks.csproj", path);
        }
    }

    /// <summary>Starts one edge; <paramref name="dataPlane"/> is its <c>--data-plane</c> ("nginx" or "kestrel").</summary>
    public static async Task<EdgeProcess> StartAsync(string edgeId, string dataPlane, string region, string gateway, string originUrl, string cacheRoot,
        long cacheBytes, SigningKey key, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["Edge__SigningKeys__0__Id"] = key.Id,
            ["Edge__SigningKeys__0__Secret"] = Convert.ToBase64String(key.Secret),
            ["Logging__LogLevel__Default"] = "Warning",
            ["NO_COLOR"] = "1",
        };
        var process = ServerProcess.Start("edge", "dotnet",
            [DllPath, "--edge-id", edgeId, "--data-plane", dataPlane, "--region", region, "--location", "bench", "--urls", $"http://127.0.0.1:{port}",
             "--cache-bytes", $"{cacheBytes}", "--cache-root", cacheRoot, "--origin", originUrl, "--gateway", gateway],
            environment);
        try
        {
            await process.WaitForOutputAsync(ReadyMarker, TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new EdgeProcess(process, port);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Netflix.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Orleans.Netflix.sln not found above {AppContext.BaseDirectory}");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
