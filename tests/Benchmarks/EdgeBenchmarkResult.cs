using Orleans.Netflix.Media;

namespace Orleans.Netflix.Benchmarks;

/// <summary>One timed wrk run against one server, with the CPU time the server (all its processes) and wrk spent meanwhile.</summary>
public sealed record ServerRun(string Server, string Segments, int Round, WrkResult Wrk, TimeSpan ServerCpu, TimeSpan WrkCpu)
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

/// <summary>Everything the edge mode measured: every timed run, by segment size and server.</summary>
public sealed record EdgeBenchmarkResult(EdgeBenchmarkOptions Options, string NginxVersion, TimeSpan WarmUp, IReadOnlyList<ServerRun> Runs)
{
    public const string Nginx = "nginx";
    public const string EdgeNginx = "edge (nginx)";
    public const string EdgeKestrel = "edge (Kestrel)";

    /// <summary>What the nginx data plane must reach of plain nginx's MB/s, by segment size.</summary>
    public static double Target(string segments) => segments == EdgeSegments.Classes[0].Label ? 0.9 : 0.8;

    public static readonly IReadOnlyList<string> Servers = [Nginx, EdgeNginx, EdgeKestrel];

    public ServerSummary Summary(string segments, string server) =>
        ServerSummary.Of(server, [.. Runs.Where(r => r.Segments == segments && r.Server == server)]);

    /// <summary>A server over plain nginx, for one segment size: MB/s and requests per server CPU second.</summary>
    public (double Bytes, double Requests, double CpuEfficiency) Ratio(string segments, string server)
    {
        var (s, n) = (Summary(segments, server), Summary(segments, Nginx));
        return (s.MegabytesPerSecond / n.MegabytesPerSecond, s.RequestsPerSecond / n.RequestsPerSecond, s.RequestsPerCpuSecond / n.RequestsPerCpuSecond);
    }
}
