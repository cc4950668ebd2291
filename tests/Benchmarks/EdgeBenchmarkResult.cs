using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>One timed wrk run against one server, with the CPU time the server (all its processes) and wrk spent meanwhile.</summary>
public sealed record ServerRun(string Server, int Round, WrkResult Wrk, TimeSpan ServerCpu, TimeSpan WrkCpu)
{
    /// <summary>Cores the server kept busy on average.</summary>
    public double ServerCores => ServerCpu / Wrk.Duration;

    public double WrkCores => WrkCpu / Wrk.Duration;

    /// <summary>Requests served per second of the server's CPU: its efficiency, whatever share of the cores it got.</summary>
    public double RequestsPerCpuSecond => ServerCpu > TimeSpan.Zero ? Wrk.Requests / ServerCpu.TotalSeconds : double.NaN;
}

/// <summary>One server's figures: the median of each over its timed rounds.</summary>
public sealed record ServerSummary(string Server, double RequestsPerSecond, double MegabytesPerSecond, double P50Microseconds, double P99Microseconds,
    double ServerCores, double WrkCores, double RequestsPerCpuSecond)
{
    public static ServerSummary Of(string server, IReadOnlyList<ServerRun> runs) => new(server,
        Median(runs, r => r.Wrk.RequestsPerSecond), Median(runs, r => r.Wrk.MegabytesPerSecond),
        Median(runs, r => r.Wrk.P50Microseconds), Median(runs, r => r.Wrk.P99Microseconds),
        Median(runs, r => r.ServerCores), Median(runs, r => r.WrkCores), Median(runs, r => r.RequestsPerCpuSecond));

    private static double Median(IReadOnlyList<ServerRun> runs, Func<ServerRun, double> value)
    {
        var sorted = runs.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>The files both servers serve (every file of the ingested title), by kind.</summary>
public sealed record EdgeContent(IReadOnlyList<AssetFile> Files, int Renditions, int AudioTracks)
{
    public long TotalBytes => Files.Sum(f => f.Bytes);

    public double MeanBytes => TotalBytes / (double)Files.Count;

    public int Count(string extension) => Files.Count(f => f.Path.EndsWith(extension, StringComparison.Ordinal));
}

/// <summary>Everything the edge mode measured: every timed run and each server's medians.</summary>
public sealed record EdgeBenchmarkResult(EdgeBenchmarkOptions Options, EdgeContent Content, string NginxVersion, TimeSpan WarmUp,
    IReadOnlyList<ServerRun> Runs)
{
    public const string Nginx = "nginx";
    public const string Edge = "edge";
    public const double RatioTarget = 1.0;

    public ServerSummary NginxSummary => ServerSummary.Of(Nginx, [.. Runs.Where(r => r.Server == Nginx)]);

    public ServerSummary EdgeSummary => ServerSummary.Of(Edge, [.. Runs.Where(r => r.Server == Edge)]);

    public double RequestsRatio => EdgeSummary.RequestsPerSecond / NginxSummary.RequestsPerSecond;

    public double BytesRatio => EdgeSummary.MegabytesPerSecond / NginxSummary.MegabytesPerSecond;

    /// <summary>Edge over nginx in requests per CPU second of the server: how much each request costs, apart from who got more of the cores.</summary>
    public double CpuEfficiencyRatio => EdgeSummary.RequestsPerCpuSecond / NginxSummary.RequestsPerCpuSecond;
}
